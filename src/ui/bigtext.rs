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
}

impl BigText<'_> {
    /// Width in pixels (one pixel is two cells wide at scale 1).
    fn pixel_width(&self) -> u16 {
        let glyphs: Vec<_> = self.text.chars().filter_map(glyph).collect();
        let widths: u16 = glyphs.iter().map(|g| g[0].len() as u16).sum();
        widths + glyphs.len().saturating_sub(1) as u16
    }

    /// The largest scale at which the text fits in `area`, if any.
    pub fn scale_for(&self, area: Rect) -> Option<u16> {
        let width = self.pixel_width();
        (1..=4)
            .rev()
            .find(|&s| width * 2 * s <= area.width && GLYPH_ROWS * s <= area.height)
    }

    /// Rows needed at a scale.
    pub fn height(scale: u16) -> u16 {
        GLYPH_ROWS * scale
    }

    /// Columns needed at a scale.
    pub fn width(&self, scale: u16) -> u16 {
        self.pixel_width() * 2 * scale
    }
}

impl Widget for BigText<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(scale) = self.scale_for(area) else {
            return;
        };
        let (cell_w, cell_h) = (2 * scale, scale);
        let left = area.x + (area.width - self.width(scale)) / 2;
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
        };
        assert_eq!(text.scale_for(Rect::new(0, 0, 20, 5)), None);
        assert_eq!(text.scale_for(Rect::new(0, 0, 36, 5)), Some(1));
        assert_eq!(text.scale_for(Rect::new(0, 0, 80, 12)), Some(2));
    }
}
