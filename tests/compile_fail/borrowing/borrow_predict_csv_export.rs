include!("../../../exercises/borrowing/borrow_predict_csv_export.rs");
