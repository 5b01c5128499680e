//! Printers: one per output format. They turn findings into text; they do not decide
//! anything about them.
