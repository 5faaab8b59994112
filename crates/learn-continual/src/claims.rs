pub fn claims() -> Vec<Box<dyn learn_core::Claim>> { Vec::new() }
