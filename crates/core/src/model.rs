//! The small closed vocabularies of the formats: priorities, channels, tiers, event kinds, clocks.
//!
//! Each has exactly the spellings of `formats.md`, parsed strictly and written back the same way.

use std::fmt;

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "specta", derive(specta::Type))]
        $(#[$meta])*
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The spelling used in files and output.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }

            /// Parses the exact spelling.
            ///
            /// # Errors
            /// A reason listing the accepted spellings.
            pub fn parse(text: &str) -> Result<Self, String> {
                match text {
                    $($text => Ok(Self::$variant),)+
                    _ => Err(format!(
                        concat!("`{}` is not ", $what, " (expected {})"),
                        text,
                        Self::ALL.iter().map(|v| format!("`{}`", v.as_str())).collect::<Vec<_>>().join(", ")
                    )),
                }
            }
        }

        impl $name {
            /// Parses the exact spelling from bytes.
            ///
            /// # Errors
            /// As [`Self::parse`].
            pub fn parse_bytes(bytes: &[u8]) -> Result<Self, String> {
                match Self::ALL.iter().find(|v| v.as_str().as_bytes() == bytes) {
                    Some(v) => Ok(*v),
                    None => Self::parse(&String::from_utf8_lossy(bytes)),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// Ticket priority, `p1` (critical) to `p4` (low).
    Priority, "a priority" { P1 = "p1", P2 = "p2", P3 = "p3", P4 = "p4" }
);

impl Priority {
    /// Index 0..4, for per-priority tables.
    #[must_use]
    pub const fn index(self) -> usize {
        self as usize
    }
}

vocabulary!(
    /// How a ticket reached the provider, and the support channels an agreement offers.
    // Named `ChannelKind` in TypeScript, which has a `Channel` of Tauri's already (a container
    // rename changes nothing in JSON).
    #[serde(rename = "ChannelKind")]
    Channel, "a channel" { Phone = "phone", Email = "email", LiveChat = "live_chat", HelpDesk = "help_desk" }
);

vocabulary!(
    /// Agreement tier.
    Tier, "a tier" { Basic = "basic", Premium = "premium", Enterprise = "enterprise" }
);

vocabulary!(
    /// What a ticket event says happened.
    EventKind, "an event kind" {
        /// The provider answered.
        Responded = "responded",
        /// The provider waits on the customer (pauses resolution).
        WaitingOnCustomer = "waiting_on_customer",
        /// The customer answered (resumes a paused resolution clock).
        CustomerReplied = "customer_replied",
        /// Solved (stops resolution).
        Resolved = "resolved",
        /// Opened again (resumes resolution).
        Reopened = "reopened",
        /// Closed (stops resolution if it was not already).
        Closed = "closed",
        /// The ticket's priority changed (retroactively, per the spec).
        PriorityChanged = "priority_changed",
    }
);

vocabulary!(
    /// What a target's seconds are counted on.
    ClockKind, "a clock" { Business = "business", TwentyFourSeven = "24x7" }
);

vocabulary!(
    /// The two clocks of a ticket.
    ClockName, "a clock name" { FirstResponse = "first_response", Resolution = "resolution" }
);

vocabulary!(
    /// A clock's state at an instant.
    ClockState, "a clock state" { Met = "met", Breached = "breached", Running = "running", Paused = "paused" }
);

vocabulary!(
    /// How often an agreement is reported on.
    ReportingPeriod, "a reporting period" { Month = "month", Quarter = "quarter" }
);
