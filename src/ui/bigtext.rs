//! Large digits drawn with block glyphs, readable from across a room.
//! Our own 3x5 font: the timer needs only digits, `:`, `+` and `-`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

/// Rows of a glyph, `#` for a lit pixel.
fn glyph(c: char) -> Option<[&'static str; 5]> {
    Some(match c {
        '0' => ["###", "#.#", "#.#", "#.#", "###"],
        '1' => [".#.", "##.", ".#.", ".#.", "###"],
        '2' => ["###", "..#", "###", "#..", "###"],
        '3' => ["###", "..#", "###", "..#", "###"],
        '4' => ["#.#", "#.#", "###", "..#", "..#"],
        '5' => ["###", "#..", "###", "..#", "###"],
        '6' => ["###", "#..", "###", "#.#", "###"],
        '7' => ["###", "..#", "..#", "..#", "..#"],
        '8' => ["###", "#.#", "###", "#.#", "###"],
        '9' => ["###", "#.#", "###", "..#", "###"],
        ':' => [".", "#", ".", "#", "."],
        '+' => ["...", ".#.", "###", ".#.", "..."],
        '-' => ["...", "...", "###", "...", "..."],
        ' ' => ["..", "..", "..", "..", ".."],
        _ => return None,
    })
}

const GLYPH_ROWS: u16 = 5;

/// Text in block digits, at the largest scale that fits its area.
pub struct BigText<'a> {
    pub text: &'a str,
    pub style: Style,
    /// The text whose width caps the scale. Another text drawn in its place
    /// (the overrun where the countdown was) gets the same height, its
    /// pixels narrowed down to half their width if it is wider.
    pub reference: &'a str,
}

/// How a text is drawn: `scale` rows a pixel, `cell_width` columns a pixel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fit {
    pub scale: u16,
    pub cell_width: u16,
}

/// Width in pixels of a text in the font, the gaps between glyphs included.
fn pixel_width(text: &str) -> u16 {
    let glyphs: Vec<_> = text.chars().filter_map(glyph).collect();
    let widths: u16 = glyphs.iter().map(|g| g[0].len() as u16).sum();
    widths + glyphs.len().saturating_sub(1) as u16
}

impl BigText<'_> {
    /// The largest scale at which the text fits in `area`, if any. A pixel
    /// is two columns a row (square on most terminals); narrowed to no less
    /// than one column a row, and only for a text wider than the reference.
    pub fn fit(&self, area: Rect) -> Option<Fit> {
        let width = pixel_width(self.text);
        if width == 0 {
            return None;
        }
        let reference = pixel_width(self.reference).max(1);
        let reference_limit = (area.width / (2 * reference)).max(1);
        let tallest = (area.height / GLYPH_ROWS).min(reference_limit);
        (1..=tallest).rev().find_map(|scale| {
            let cell_width = (2 * scale).min(area.width / width);
            (cell_width >= scale).then_some(Fit { scale, cell_width })
        })
    }

    /// Rows needed at a scale.
    pub fn height(scale: u16) -> u16 {
        GLYPH_ROWS * scale
    }
}

impl Widget for BigText<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(Fit { scale, cell_width }) = self.fit(area) else {
            return;
        };
        let (cell_w, cell_h) = (cell_width, scale);
        let left = area.x + (area.width - pixel_width(self.text) * cell_w) / 2;
        let top = area.y + (area.height - Self::height(scale)) / 2;
        let mut x = left;
        for rows in self.text.chars().filter_map(glyph) {
            let glyph_width = rows[0].len() as u16;
            for (row, pixels) in rows.iter().enumerate() {
                for (col, pixel) in pixels.chars().enumerate() {
                    let symbol = if pixel == '#' { "█" } else { " " };
                    for dy in 0..cell_h {
                        for dx in 0..cell_w {
                            let cx = x + col as u16 * cell_w + dx;
                            let cy = top + row as u16 * cell_h + dy;
                            buf[(cx, cy)].set_symbol(symbol).set_style(self.style);
                        }
                    }
                }
            }
            x += (glyph_width + 1) * cell_w;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(text: &str, width: u16, height: u16) -> Vec<String> {
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        BigText {
            text,
            style: Style::default(),
            reference: text,
        }
        .render(area, &mut buf);
        (0..height)
            .map(|y| {
                (0..width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn draws_digits_at_the_scale_that_fits() {
        let rows = rendered("1:0", 22, 5);
        assert_eq!(rows[0], "    ██        ██████  ");
        assert_eq!(rows[1], "  ████    ██  ██  ██  ");
        assert_eq!(rows[4], "  ██████      ██████  ");
    }

    #[test]
    fn too_small_an_area_draws_nothing() {
        let text = BigText {
            text: "10:00",
            style: Style::default(),
            reference: "10:00",
        };
        let scale = |w, h| text.fit(Rect::new(0, 0, w, h)).map(|f| f.scale);
        assert_eq!(scale(16, 5), None);
        assert_eq!(scale(36, 5), Some(1));
        assert_eq!(scale(80, 12), Some(2));
        assert_eq!(scale(200, 60), Some(5), "no upper limit but the area");
    }

    #[test]
    fn a_wider_text_in_the_references_place_is_as_tall_with_narrower_pixels() {
        for (width, height) in [(200, 60), (120, 40), (80, 24), (60, 20), (40, 12)] {
            let area = Rect::new(0, 0, width, height);
            let countdown = BigText {
                text: "10:00",
                style: Style::default(),
                reference: "10:00",
            };
            let overrun = BigText {
                text: "+12:34",
                reference: "10:00",
                ..countdown
            };
            let (c, o) = (countdown.fit(area).unwrap(), overrun.fit(area).unwrap());
            assert_eq!(o.scale, c.scale, "{width}x{height}");
            assert!(o.cell_width >= o.scale && o.cell_width <= c.cell_width);
        }
    }
}
