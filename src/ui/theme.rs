//! Every colour and emphasis in one place. With `NO_COLOR` set, the same
//! states are told apart by text and by bold/reverse, never by colour.

use ratatui::style::{Color, Modifier, Style};

pub use crate::show::Urgency;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub colour: bool,
}

impl Theme {
    pub fn new(colour: bool) -> Self {
        Self { colour }
    }

    fn fg(self, colour: Color) -> Style {
        if self.colour {
            Style::new().fg(colour)
        } else {
            Style::new()
        }
    }

    pub fn title(self) -> Style {
        self.fg(Color::White).add_modifier(Modifier::BOLD)
    }

    pub fn label(self) -> Style {
        self.fg(Color::Gray)
    }

    pub fn dim(self) -> Style {
        if self.colour {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn clock(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn key(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn next(self) -> Style {
        self.fg(Color::LightBlue).add_modifier(Modifier::BOLD)
    }

    /// The timer's digits by urgency (an overrun has its own field:
    /// [`Theme::overrun_field`]).
    pub fn timer(self, urgency: Urgency) -> Style {
        match urgency {
            Urgency::Normal => self.fg(Color::LightGreen),
            Urgency::Warning => self.fg(Color::Yellow),
            Urgency::Final => self.fg(Color::LightRed),
            Urgency::Overrun => self.fg(Color::Red),
        }
        .add_modifier(Modifier::BOLD)
    }

    /// The overrun's field and its digits: a red field whatever the flash,
    /// the digits alternating white and black on it. Without colour the
    /// field is reverse video and the flash swaps it.
    pub fn overrun_field(self, flash_on: bool) -> (Style, Style) {
        if self.colour {
            let field = Style::new().bg(Color::Red).add_modifier(Modifier::BOLD);
            let digits = field.fg(if flash_on { Color::White } else { Color::Black });
            (field, digits)
        } else {
            let lit = Style::new().add_modifier(Modifier::BOLD);
            if flash_on {
                // Reversed blocks on a reversed field: dark digits on a light field.
                let field = lit.add_modifier(Modifier::REVERSED);
                (field, field)
            } else {
                (lit, lit)
            }
        }
    }

    /// Who drives the show: the schedule, or the operator's cues.
    pub fn control(self, following_schedule: bool) -> Style {
        if self.colour {
            let bg = if following_schedule {
                Color::Cyan
            } else {
                Color::Green
            };
            Style::new()
                .fg(Color::Black)
                .bg(bg)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// The NEXT label: second only to the timer.
    pub fn next_label(self) -> Style {
        if self.colour {
            Style::new()
                .fg(Color::Black)
                .bg(Color::LightBlue)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    /// The `OVERRUN +MM:SS` alert line.
    pub fn alert(self, flash_on: bool) -> Style {
        let style = if self.colour {
            Style::new().fg(Color::White).bg(Color::Red)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
        .add_modifier(Modifier::BOLD);
        if flash_on {
            style
        } else {
            style
                .remove_modifier(Modifier::REVERSED)
                .add_modifier(Modifier::UNDERLINED)
        }
    }

    /// The producer's message: impossible to miss.
    pub fn banner(self) -> Style {
        if self.colour {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    /// A badge such as `REHEARSAL x10` or `DISCONNECTED`.
    pub fn badge(self) -> Style {
        if self.colour {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Magenta)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn warning_badge(self) -> Style {
        if self.colour {
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn highlight_row(self) -> Style {
        if self.colour {
            Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn late(self) -> Style {
        self.fg(Color::LightRed)
    }

    pub fn early(self) -> Style {
        self.fg(Color::LightGreen)
    }

    pub fn gauge(self, urgency: Urgency) -> Style {
        match urgency {
            Urgency::Normal => self.fg(Color::Green),
            Urgency::Warning => self.fg(Color::Yellow),
            Urgency::Final | Urgency::Overrun => self.fg(Color::Red),
        }
    }
}
