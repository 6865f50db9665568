//! The fonts every report is set in, shipped inside the binary: Inter (SIL Open Font License
//! 1.1, `fonts/LICENSE-Inter.txt`). Reports never scan the system's fonts, so a PDF made on one
//! machine is the same on every other, offline.

/// Inter Regular.
pub const REGULAR: &[u8] = include_bytes!("../fonts/Inter-Regular.otf");
/// Inter Italic.
pub const ITALIC: &[u8] = include_bytes!("../fonts/Inter-Italic.otf");
/// Inter SemiBold.
pub const SEMIBOLD: &[u8] = include_bytes!("../fonts/Inter-SemiBold.otf");
/// Inter Bold.
pub const BOLD: &[u8] = include_bytes!("../fonts/Inter-Bold.otf");

/// Every face, for the PDF typesetter.
pub const ALL: [&[u8]; 4] = [REGULAR, ITALIC, SEMIBOLD, BOLD];
