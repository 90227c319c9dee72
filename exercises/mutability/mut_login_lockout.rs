// Login protection: after three failed logins in a row, an account is locked.
// `record_failed_login` doesn't compile. Fix it so that accounts really do get locked.

const MAX_FAILED_LOGINS: u32 = 3;

#[derive(Default)]
struct Account {
    failed_logins: u32,
    locked: bool,
}

// Called by the login handler each time a password check fails.
fn record_failed_login(account: &mut Account) {
    let failures = account.failed_logins;
    failures += 1;
    if failures >= MAX_FAILED_LOGINS {
        account.locked = true;
    }
}

// Called on a successful login: the run of failures is over.
fn record_successful_login(account: &mut Account) {
    account.failed_logins = 0;
}

fn main() {
    let mut account = Account::default();
    for _ in 0..3 {
        record_failed_login(&mut account);
    }
    record_successful_login(&mut account);
    println!("locked after 3 bad passwords: {}", account.locked);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_failures_in_a_row_lock_the_account() {
        let mut account = Account::default();
        record_failed_login(&mut account);
        record_failed_login(&mut account);
        assert!(!account.locked);
        record_failed_login(&mut account);
        assert_eq!(account.failed_logins, 3, "failures counted");
        assert!(account.locked, "account locked");
    }

    #[test]
    fn a_successful_login_resets_the_count() {
        let mut account = Account::default();
        record_failed_login(&mut account);
        record_failed_login(&mut account);
        record_successful_login(&mut account);
        record_failed_login(&mut account);
        record_failed_login(&mut account);
        assert_eq!(account.failed_logins, 2, "failures counted");
        assert!(!account.locked);
    }
}
