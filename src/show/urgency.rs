//! How urgent a slot's timer is: what every screen colours, from the
//! agenda's warning and final thresholds.

/// How urgent the current slot's timer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Urgency {
    Normal,
    Warning,
    Final,
    Overrun,
}

impl Urgency {
    pub fn of(remaining_seconds: i64, overrun: bool, warning: i64, final_: i64) -> Self {
        if overrun {
            Self::Overrun
        } else if remaining_seconds <= final_ {
            Self::Final
        } else if remaining_seconds <= warning {
            Self::Warning
        } else {
            Self::Normal
        }
    }
}
