//! Vertical layout that degrades by importance: when the terminal is short,
//! the least important rows go first, whatever their place on screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

/// Where each band landed, in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Areas(Vec<Option<Rect>>);

impl Areas {
    /// The band's area, if it is shown.
    pub fn get(&self, slot: usize) -> Option<Rect> {
        self.0.get(slot).copied().flatten()
    }

    /// Draws `widget` in band `slot`, if the band is shown.
    pub fn put(&self, frame: &mut Frame<'_>, slot: usize, widget: impl Widget) {
        if let Some(rect) = self.get(slot) {
            frame.render_widget(widget, rect);
        }
    }
}

/// One band of the screen, in display order.
#[derive(Debug, Clone, Copy)]
pub struct Band {
    /// Lower is more important.
    pub priority: u8,
    /// Rows it needs to be shown at all (0: not shown).
    pub min: u16,
    /// Rows it would like.
    pub want: u16,
    /// When it grows toward `want`, in the same order as `priority`: a band
    /// may grow before less important bands get even their minimum.
    pub grow: u8,
}

impl Band {
    /// A band that grows only once every band has its minimum.
    pub const fn new(priority: u8, min: u16, want: u16) -> Self {
        Self {
            priority,
            min,
            want,
            grow: u8::MAX,
        }
    }
}

/// Heights for each band: in order of importance, each band gets its
/// minimum while rows remain, and grows toward what it wants at its `grow`
/// rank. Returns the areas in display order (`None`: left out).
pub fn stack(area: Rect, bands: &[Band]) -> Areas {
    // Steps: (rank, band, is_growth), taken in rank order.
    let mut steps: Vec<(u8, usize, bool)> = Vec::with_capacity(bands.len() * 2);
    for (i, band) in bands.iter().enumerate() {
        steps.push((band.priority, i, false));
        steps.push((band.grow, i, true));
    }
    steps.sort_by_key(|&(rank, i, growth)| (rank, growth, i));
    let mut heights = vec![0u16; bands.len()];
    let mut left = area.height;
    for (_, i, growth) in steps {
        let band = bands[i];
        if !growth && band.min > 0 && band.min <= left {
            heights[i] = band.min;
            left -= band.min;
        } else if growth && heights[i] > 0 {
            let more = band.want.saturating_sub(heights[i]).min(left);
            heights[i] += more;
            left -= more;
        }
    }
    let mut y = area.y;
    let areas = heights
        .iter()
        .map(|&h| {
            (h > 0).then(|| {
                let rect = Rect::new(area.x, y, area.width, h);
                y += h;
                rect
            })
        })
        .collect();
    Areas(areas)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn least_important_bands_go_first() {
        let bands = [Band::new(3, 1, 1), Band::new(1, 1, 10), Band::new(2, 2, 2)];
        let areas = stack(Rect::new(0, 0, 10, 3), &bands);
        assert_eq!(areas.get(0), None);
        assert_eq!(areas.get(1), Some(Rect::new(0, 0, 10, 1)));
        assert_eq!(areas.get(2), Some(Rect::new(0, 1, 10, 2)));
        let areas = stack(Rect::new(0, 0, 10, 20), &bands);
        assert_eq!(areas.get(1), Some(Rect::new(0, 1, 10, 10)));
        assert_eq!(areas.get(2), Some(Rect::new(0, 11, 10, 2)));
    }

    #[test]
    fn an_early_grower_takes_rows_before_lesser_minimums() {
        let bands = [
            Band::new(3, 1, 1),
            Band {
                grow: 2,
                ..Band::new(1, 1, 5)
            },
        ];
        let areas = stack(Rect::new(0, 0, 10, 5), &bands);
        assert_eq!(
            (areas.get(0), areas.get(1)),
            (None, Some(Rect::new(0, 0, 10, 5)))
        );
    }
}
