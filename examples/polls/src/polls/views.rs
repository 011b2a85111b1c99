//! The polls views: generic `ListView` / `DetailView` (part 4) and the
//! `vote` form handler with its race-free `F()` update.

use chrono::Utc;
use nuages::contrib::auth::RequestUserExt;
use nuages::contrib::auth::decorators::redirect_to_login;
use nuages::prelude::*;
use nuages::shortcuts::{get_object_or_404, render};
use nuages::template::Context;
use nuages::urls::reverse;
use nuages::views::generic;

use super::models::{Choice, Question};

/// Questions published up to now: future ones are hidden (part 5's fix).
fn published() -> QuerySet<Question> {
    Question::objects().filter(Question::PUB_DATE.lte(Utc::now()))
}

/// The choices of `question`, in creation order.
async fn choices_of(question: &Question) -> Result<Vec<Choice>> {
    Ok(Choice::objects()
        .filter(Choice::QUESTION.eq(question.id))
        .order_by(["id"])
        .all()
        .await?)
}

/// `/polls/`: the five latest published questions.
pub struct IndexView;

impl generic::ListView for IndexView {
    type Model = Question;

    fn template_name(&self) -> String {
        "polls/index.html".to_owned()
    }

    fn context_object_name(&self) -> Option<String> {
        Some("latest_question_list".to_owned())
    }

    fn get_queryset(&self, _request: &Request) -> QuerySet<Question> {
        published().order_by(["-pub_date"]).slice(..5)
    }
}

/// One published question with its choices: the voting form
/// (`/polls/<pk>/`, [`QuestionView::detail`]) or the vote counts
/// (`/polls/<pk>/results/`, [`QuestionView::results`]). Future questions are 404.
pub struct QuestionView {
    template_name: &'static str,
}

impl QuestionView {
    /// The voting form (the tutorial's `DetailView`).
    pub fn detail() -> Self {
        QuestionView {
            template_name: "polls/detail.html",
        }
    }

    /// The vote counts (the tutorial's `ResultsView`).
    pub fn results() -> Self {
        QuestionView {
            template_name: "polls/results.html",
        }
    }
}

impl generic::DetailView for QuestionView {
    type Model = Question;

    fn template_name(&self) -> String {
        self.template_name.to_owned()
    }

    fn get_queryset(&self, _request: &Request) -> QuerySet<Question> {
        published()
    }

    async fn get_context_data(&self, _request: &Request, question: &Question, context: &mut Context) -> Result<()> {
        context.insert("choices", &choices_of(question).await?);
        Ok(())
    }
}

/// `POST /polls/<question_id>/vote/`: count one vote and redirect to the
/// results, or show the form again with an error when no valid choice of
/// this question was selected. Voting needs a logged-in user: anonymous
/// visitors are sent to the login page with `?next=` the question's page
/// (the form to vote on; a redirected POST would come back as a GET).
pub async fn vote(request: Request) -> Result<Response> {
    let question_id: i64 = request.kwarg("question_id")?;
    let question = get_object_or_404(published().filter(Question::ID.eq(question_id))).await?;
    if !request.user().await?.is_authenticated() {
        let detail = reverse("polls:detail", &[&question.id.to_string()], &[])?;
        return Ok(redirect_to_login(&detail, None));
    }
    let selected = request
        .post()?
        .get("choice")
        .and_then(|value| value.parse::<i64>().ok());
    let updated = match selected {
        // One UPDATE ... SET votes = votes + 1: concurrent votes never lose a count.
        Some(choice_id) => {
            Choice::objects()
                .filter(Choice::ID.eq(choice_id))
                .filter(Choice::QUESTION.eq(question.id))
                .update([(Choice::VOTES, F::new("votes") + 1)])
                .await?
        }
        None => 0,
    };
    if updated == 0 {
        let mut context = Context::new();
        context.insert("question", &question);
        context.insert("choices", &choices_of(&question).await?);
        context.insert("error_message", "You didn't select a choice.");
        return render(&request, "polls/detail.html", context).await;
    }
    let url = reverse("polls:results", &[&question.id.to_string()], &[])?;
    Ok(Response::redirect(&url))
}
