//! Image dimensions, Django's `django.core.files.images`
//! (`get_image_dimensions`), read from the file's header with the
//! `imagesize` crate: PNG, JPEG, GIF, WebP, BMP, TIFF, ICO, AVIF, ...

use std::io::Read;

use super::uploadedfile::UploadedFile;

/// The most bytes read looking for the dimensions (JPEG headers may sit
/// behind large EXIF blocks).
const MAX_HEADER: usize = 1024 * 1024;

/// Django's message for an upload that is not an image.
pub const INVALID_IMAGE: &str =
    "Upload a valid image. The file you uploaded was either not an image or a corrupted image.";

/// `(width, height)` of the image `reader` holds, or `None` when it is not
/// an image of a known format, or a corrupted one (Django's
/// `get_image_dimensions` returning `(None, None)`).
pub fn get_image_dimensions(reader: &mut dyn Read) -> Option<(u32, u32)> {
    let mut header = Vec::new();
    let mut want = 4096;
    loop {
        let before = header.len();
        let read = reader.take((want - before) as u64).read_to_end(&mut header).ok()?;
        match imagesize::blob_size(&header) {
            Ok(size) => {
                let width = u32::try_from(size.width).ok()?;
                let height = u32::try_from(size.height).ok()?;
                return (width > 0 && height > 0).then_some((width, height));
            }
            Err(imagesize::ImageError::NotSupported) if header.len() >= 32 => return None,
            Err(_) if read == 0 || header.len() >= MAX_HEADER => return None,
            Err(_) => want = (want * 4).min(MAX_HEADER),
        }
    }
}

/// Dimensions of an uploaded file (see [`get_image_dimensions`]).
pub fn uploaded_image_dimensions(file: &UploadedFile) -> Option<(u32, u32)> {
    let mut reader = file.open().ok()?;
    get_image_dimensions(&mut reader)
}

/// The check of Django's `forms.ImageField`: the upload must be an image;
/// gives its `(width, height)`.
///
/// # Errors
/// Django's "Upload a valid image. ..." message ([`INVALID_IMAGE`]).
pub fn validate_image(file: &UploadedFile) -> Result<(u32, u32), &'static str> {
    uploaded_image_dimensions(file).ok_or(INVALID_IMAGE)
}

/// The header of a 3x2 PNG, for tests.
#[cfg(test)]
pub(crate) fn tests_png() -> &'static [u8] {
    tests::PNG
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header of a 3x2 PNG.
    pub(crate) const PNG: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
        0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0x08, 0x06, 0x00, 0x00, 0x00, 0x9D, 0x74, 0x66, 0x1A, 0x00, 0x00, 0x00,
        0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D,
        0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];

    #[test]
    fn dimensions_of_images_and_non_images() {
        let png = UploadedFile::in_memory("a.png", PNG, "image/png");
        assert_eq!(validate_image(&png), Ok((3, 2)));
        let gif = b"GIF89a\x05\x00\x07\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
        assert_eq!(get_image_dimensions(&mut &gif[..]), Some((5, 7)));
        let text = UploadedFile::in_memory(
            "evil.png",
            &b"<?php system($_GET['c']); ?> padding padding"[..],
            "image/png",
        );
        assert_eq!(validate_image(&text), Err(INVALID_IMAGE));
        assert_eq!(get_image_dimensions(&mut &PNG[..10]), None);
        assert_eq!(get_image_dimensions(&mut &b""[..]), None);
    }
}
