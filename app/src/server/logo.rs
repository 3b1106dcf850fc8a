//! Partner logos: an uploaded PNG or JPEG is decoded (with limits, so a small file cannot
//! claim a huge picture), turned upright, made to fit [`MAX_SIDE`] pixels, and written again as
//! PNG. Nothing of the upload but its pixels is kept: no metadata, no other format.

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, imageops::FilterType};
use sha2::{Digest, Sha256};
use std::io::Cursor;

/// A logo is at most this wide and this high after resizing.
pub const MAX_SIDE: u32 = 300;
/// The largest picture decoded, in pixels a side.
const MAX_DECODED_SIDE: u32 = 10_000;

/// A logo ready to store.
#[derive(Debug, Clone)]
pub struct Logo {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Why an upload is not a logo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoError {
    /// not a PNG or JPEG file, or one that cannot be read
    NotAnImage,
    /// more than [`MAX_DECODED_SIDE`] pixels a side
    TooManyPixels,
}

impl LogoError {
    /// The message code the page shows at the logo field.
    pub fn code(self) -> &'static str {
        match self {
            LogoError::NotAnImage => "logo.not_image",
            LogoError::TooManyPixels => "logo.too_many_pixels",
        }
    }
}

/// Reads `bytes` as a PNG or JPEG and makes the logo (CPU-bound: run it off the async workers).
pub fn prepare(bytes: &[u8]) -> Result<Logo, LogoError> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| LogoError::NotAnImage)?;
    if !matches!(reader.format(), Some(ImageFormat::Png | ImageFormat::Jpeg)) {
        return Err(LogoError::NotAnImage);
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(512 * 1024 * 1024);
    let mut reader = reader;
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(decode_error)?;
    let orientation = decoder.orientation().map_err(decode_error)?;
    let mut picture = DynamicImage::from_decoder(decoder).map_err(decode_error)?;
    picture.apply_orientation(orientation);
    if picture.width() > MAX_SIDE || picture.height() > MAX_SIDE {
        picture = picture.resize(MAX_SIDE, MAX_SIDE, FilterType::CatmullRom);
    }
    let picture = DynamicImage::ImageRgba8(picture.into_rgba8());
    let mut png = Vec::new();
    picture
        .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
        .map_err(|_| LogoError::NotAnImage)?;
    Ok(Logo {
        png,
        width: picture.width(),
        height: picture.height(),
    })
}

fn decode_error(error: image::ImageError) -> LogoError {
    match error {
        image::ImageError::Limits(_) => LogoError::TooManyPixels,
        _ => LogoError::NotAnImage,
    }
}

/// The logo's name: the SHA-256 of the organization's key and the PNG (hex), so a page may
/// keep it for ever and two partners' identical logos are still theirs.
pub fn name(organization_key: &str, png: &[u8]) -> String {
    let mut hash = Sha256::new();
    hash.update(organization_key.as_bytes());
    hash.update([0]);
    hash.update(png);
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `name` can be a logo's name (64 lower-case hex digits).
pub fn plausible_name(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Where a page finds the logo called `name`.
pub fn url(name: &str) -> String {
    format!("/logos/{name}.png")
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage};

    fn encoded(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
        let picture = RgbImage::from_fn(width, height, |x, y| {
            Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut bytes = Vec::new();
        DynamicImage::ImageRgb8(picture)
            .write_to(&mut Cursor::new(&mut bytes), format)
            .unwrap();
        bytes
    }

    #[test]
    fn a_wide_png_is_made_300_pixels_wide_keeping_its_shape() {
        let logo = prepare(&encoded(1200, 400, ImageFormat::Png)).unwrap();
        assert_eq!((logo.width, logo.height), (300, 100));
        let again = image::load_from_memory(&logo.png).unwrap();
        assert_eq!((again.width(), again.height()), (300, 100));
        assert_eq!(image::guess_format(&logo.png).unwrap(), ImageFormat::Png);
    }

    #[test]
    fn a_jpeg_becomes_a_png_and_a_small_logo_keeps_its_size() {
        let logo = prepare(&encoded(120, 80, ImageFormat::Jpeg)).unwrap();
        assert_eq!((logo.width, logo.height), (120, 80));
        assert_eq!(image::guess_format(&logo.png).unwrap(), ImageFormat::Png);
    }

    #[test]
    fn a_tall_logo_fits_300_pixels_high() {
        let logo = prepare(&encoded(200, 900, ImageFormat::Png)).unwrap();
        assert_eq!(logo.height, 300);
        assert!(logo.width <= 67 && logo.width >= 66, "{}", logo.width);
    }

    #[test]
    fn other_files_are_refused() {
        assert_eq!(
            prepare(b"<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap_err(),
            LogoError::NotAnImage
        );
        assert_eq!(
            prepare(b"GIF89a\x01\x00\x01\x00").unwrap_err(),
            LogoError::NotAnImage
        );
        assert_eq!(prepare(b"").unwrap_err(), LogoError::NotAnImage);
        // a PNG cut short
        let png = encoded(400, 400, ImageFormat::Png);
        assert_eq!(
            prepare(&png[..png.len() / 2]).unwrap_err(),
            LogoError::NotAnImage
        );
    }

    #[test]
    fn a_picture_claiming_too_many_pixels_is_refused_before_it_is_decoded() {
        // a valid PNG header that claims 20,000 × 20,000 pixels
        let mut png = encoded(1, 1, ImageFormat::Png);
        png[16..20].copy_from_slice(&20_000u32.to_be_bytes());
        png[20..24].copy_from_slice(&20_000u32.to_be_bytes());
        // the header's checksum, so only the size is wrong
        let crc = crc(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(prepare(&png).unwrap_err(), LogoError::TooManyPixels);
    }

    fn crc(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &byte in bytes {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn names_are_per_organization_and_plausible() {
        let a = name("p1", b"png");
        assert!(plausible_name(&a));
        assert_ne!(a, name("p2", b"png"));
        assert!(!plausible_name("../etc/passwd"));
        assert!(!plausible_name(&a.to_uppercase()));
    }
}
