"""The models whose schema Nuages must reproduce exactly.

crates/nuages-db/tests/django_schema.rs declares the same models with
#[derive(Model)]; keep the two in step (same fields, same order).
"""

from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100)
    email = models.EmailField(unique=True)
    slug = models.SlugField()
    website = models.URLField(blank=True)
    bio = models.TextField(null=True, blank=True)
    uuid = models.UUIDField(unique=True)
    legacy = models.CharField(max_length=30, db_column="legacy_name", db_index=True)
    code = models.SlugField(max_length=40, unique=True)
    nickname = models.TextField(db_default="anon")

    class Meta:
        app_label = "compat"


class Tag(models.Model):
    id = models.AutoField(primary_key=True)
    label = models.CharField(max_length=20, unique=True)

    class Meta:
        app_label = "compat"


class Flag(models.Model):
    id = models.SmallAutoField(primary_key=True)
    rate = models.DurationField(null=True)
    note = models.CharField(max_length=10, db_default="x", blank=True)

    class Meta:
        app_label = "compat"


class Book(models.Model):
    author = models.ForeignKey(Author, on_delete=models.CASCADE)
    editor = models.ForeignKey(Author, on_delete=models.SET_NULL, null=True, related_name="edited")
    tag = models.ForeignKey(Tag, on_delete=models.PROTECT, null=True)
    flag = models.ForeignKey(Flag, on_delete=models.CASCADE, null=True)
    title = models.CharField(max_length=200, db_index=True)
    small = models.SmallIntegerField()
    count = models.IntegerField(default=0)
    big = models.BigIntegerField(null=True)
    pos = models.PositiveIntegerField()
    pos_small = models.PositiveSmallIntegerField()
    pos_big = models.PositiveBigIntegerField()
    rating = models.FloatField()
    price = models.DecimalField(max_digits=8, decimal_places=2)
    in_print = models.BooleanField(default=True)
    published = models.DateField()
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    at = models.TimeField(null=True)
    length = models.DurationField()
    data = models.BinaryField()
    meta = models.JSONField(default=dict)
    cover = models.FileField(upload_to="covers/")
    image = models.ImageField(upload_to="img/", null=True)
    ip = models.GenericIPAddressField(null=True)
    status = models.CharField(max_length=1, choices=[("d", "Draft"), ("p", "Published")], default="d")
    answer = models.IntegerField(db_default=42)
    score = models.IntegerField(unique=True, null=True)

    class Meta:
        app_label = "compat"


MODELS = [Author, Tag, Flag, Book]
