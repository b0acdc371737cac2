//! The password policy: a minimum length and a number of character classes (lower case,
//! upper case, digits, other), both configurable for 等保 deployments.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PasswordPolicy {
    pub min_length: usize,
    pub required_classes: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyViolation {
    TooShort { min: usize },
    TooLong,
    TooFewClasses { required: usize },
    SameAsUsername,
}

impl PolicyViolation {
    pub fn message_zh(&self) -> String {
        match self {
            PolicyViolation::TooShort { min } => format!("密码至少需要 {min} 个字符"),
            PolicyViolation::TooLong => "密码不能超过 128 个字符".into(),
            PolicyViolation::TooFewClasses { required } => {
                format!("密码需包含小写字母、大写字母、数字、符号中的至少 {required} 类")
            }
            PolicyViolation::SameAsUsername => "密码不能与用户名相同".into(),
        }
    }
}

pub fn character_classes(password: &str) -> usize {
    let lower = password.chars().any(|c| c.is_ascii_lowercase());
    let upper = password.chars().any(|c| c.is_ascii_uppercase());
    let digit = password.chars().any(|c| c.is_ascii_digit());
    let other = password.chars().any(|c| !c.is_ascii_alphanumeric());
    [lower, upper, digit, other].into_iter().filter(|b| *b).count()
}

impl PasswordPolicy {
    pub fn check(&self, username: &str, password: &str) -> Result<(), PolicyViolation> {
        let len = password.chars().count();
        if len < self.min_length {
            return Err(PolicyViolation::TooShort { min: self.min_length });
        }
        if len > 128 {
            return Err(PolicyViolation::TooLong);
        }
        if character_classes(password) < self.required_classes {
            return Err(PolicyViolation::TooFewClasses { required: self.required_classes });
        }
        if password.eq_ignore_ascii_case(username) {
            return Err(PolicyViolation::SameAsUsername);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: PasswordPolicy = PasswordPolicy { min_length: 8, required_classes: 2 };

    #[test]
    fn accepts_demo_password() {
        assert_eq!(P.check("admin", "demo12345"), Ok(()));
    }

    #[test]
    fn rejects_short_counting_characters_not_bytes() {
        assert_eq!(P.check("u", "密码密码密码1"), Err(PolicyViolation::TooShort { min: 8 }));
        assert_eq!(P.check("u", "密码密码密码12"), Ok(()));
    }

    #[test]
    fn rejects_single_class() {
        assert_eq!(P.check("u", "abcdefghij"), Err(PolicyViolation::TooFewClasses { required: 2 }));
        let strict = PasswordPolicy { min_length: 10, required_classes: 3 };
        assert!(strict.check("u", "abcdef12345").is_err());
        assert!(strict.check("u", "Abcdef12345").is_ok());
    }

    #[test]
    fn rejects_username_and_overlong() {
        assert_eq!(P.check("zhang123", "ZHANG123"), Err(PolicyViolation::SameAsUsername));
        assert_eq!(P.check("u", &"a1".repeat(65)), Err(PolicyViolation::TooLong));
    }
}
