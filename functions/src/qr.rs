//! QR codes drawn on the server (SVG to print, PNG to long-press in WeChat), so the phone bundle
//! carries no QR encoder.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

pub fn svg(text: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    Some(
        code.render::<svg::Color>()
            .min_dimensions(240, 240)
            .quiet_zone(true)
            .dark_color(svg::Color("#111111"))
            .light_color(svg::Color("#ffffff"))
            .build(),
    )
}

/// The same code as a PNG (1-bit greyscale, 8 pixels a module, the quiet zone included): what
/// WeChat's "long-press to save / identify the QR code" reads most reliably.
pub fn png(text: &str) -> Option<Vec<u8>> {
    use std::io::Write;
    const SCALE: usize = 8;
    const QUIET: usize = 4;
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let modules = code.width();
    let dark = code.to_colors();
    let side = (modules + 2 * QUIET) * SCALE;
    let row_bytes = side.div_ceil(8);
    let mut raw = Vec::with_capacity(side * (row_bytes + 1));
    for y in 0..side {
        raw.push(0); // filter: none
        let mut row = vec![0xffu8; row_bytes]; // 1 = white
        let my = (y / SCALE).checked_sub(QUIET).filter(|m| *m < modules);
        for x in 0..side {
            let mx = (x / SCALE).checked_sub(QUIET).filter(|m| *m < modules);
            if let (Some(mx), Some(my)) = (mx, my) {
                if dark[my * modules + mx] == qrcode::Color::Dark {
                    row[x / 8] &= !(0x80 >> (x % 8));
                }
            }
        }
        raw.extend_from_slice(&row);
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&raw).ok()?;
    let idat = z.finish().ok()?;
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&(side as u32).to_be_bytes());
    ihdr.extend_from_slice(&(side as u32).to_be_bytes());
    ihdr.extend_from_slice(&[1, 0, 0, 0, 0]); // bit depth 1, greyscale, deflate, no filter, no interlace
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (b"IHDR", &ihdr[..]),
        (b"IDAT", &idat[..]),
        (b"IEND", &[][..]),
    ] {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32fast::hash(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    Some(out)
}
