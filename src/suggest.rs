//! "Did you mean …?": the names nearest to one that matched nothing, by
//! edit distance after ignoring case, spaces and punctuation, so that a
//! person who typed `St Marys Hall` is shown `SMH (St Mary's Hall)`.

/// A name as it is compared: lower case, letters and digits only.
fn squashed(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The candidates nearest to `wanted`, best first, at most `most` of them.
/// A candidate counts as near when its edit distance is at most a third
/// of the longer name (at least 1), or when one name contains the other.
/// Each candidate is `(text to match, text to show)`.
pub fn nearest<'a>(wanted: &str, candidates: &[(&str, &'a str)], most: usize) -> Vec<&'a str> {
    let w = squashed(wanted);
    let mut scored: Vec<(usize, &'a str)> = candidates
        .iter()
        .filter_map(|(name, shown)| {
            let c = squashed(name);
            if c.is_empty() || w.is_empty() {
                return None;
            }
            let d = strsim::levenshtein(&w, &c);
            let limit = (w.chars().count().max(c.chars().count()) / 3).max(1);
            let contains = w.len() >= 3 && (c.contains(&w) || w.contains(&c));
            (d <= limit || contains).then_some((d, *shown))
        })
        .collect();
    scored.sort_by_key(|(d, _)| *d);
    let mut out: Vec<&'a str> = Vec::new();
    for (_, shown) in scored {
        if !out.contains(&shown) {
            out.push(shown);
        }
        if out.len() == most {
            break;
        }
    }
    out
}

/// `"; did you mean X?"`, `"; did you mean X or Y?"`, or nothing.
pub fn did_you_mean(names: &[impl AsRef<str>]) -> String {
    match names {
        [] => String::new(),
        [one] => format!("; did you mean {}?", one.as_ref()),
        [first @ .., last] => format!(
            "; did you mean {} or {}?",
            first
                .iter()
                .map(|n| n.as_ref())
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names_ignore_case_and_punctuation() {
        let sites = [
            ("St Mary's Hall", "SMH (St Mary's Hall)"),
            ("SMH", "SMH (St Mary's Hall)"),
            ("Old Town Hall", "OTH (Old Town Hall)"),
            ("OTH", "OTH (Old Town Hall)"),
            ("Exchequer House", "EXH (Exchequer House)"),
        ];
        assert_eq!(
            nearest("st marys hall", &sites, 3),
            ["SMH (St Mary's Hall)"]
        );
        assert_eq!(
            nearest("Exchequer Hse", &sites, 3),
            ["EXH (Exchequer House)"]
        );
        assert_eq!(nearest("oth", &sites, 3), ["OTH (Old Town Hall)"]);
        assert!(nearest("Civic Centre", &sites, 3).is_empty());
    }

    #[test]
    fn suggestions_read_as_a_question() {
        assert_eq!(did_you_mean(&[] as &[&str]), "");
        assert_eq!(did_you_mean(&["Bexley"]), "; did you mean Bexley?");
        assert_eq!(did_you_mean(&["A", "B", "C"]), "; did you mean A, B or C?");
    }
}
