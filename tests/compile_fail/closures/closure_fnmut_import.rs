include!("../../../exercises/closures/closure_fnmut_import.rs");
