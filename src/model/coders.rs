//! Telling coders apart: two people may share a display name (on different machines, or after
//! one of them renamed themselves, which makes a new coder). Wherever coders are listed, such a
//! name carries a mark: the machine's name, or the start of the coder's id.

use super::{Coder, CoderId, Project};

impl Project {
    /// `coder`'s name as lists show it: the bare name, or "Name (machine)" / "Name #1a2b" when
    /// another coder of the project has the same name.
    pub fn coder_label_of(&self, coder: &Coder) -> String {
        let twins: Vec<&Coder> = self
            .coders
            .iter()
            .filter(|c| c.name == coder.name && c.id != coder.id)
            .collect();
        if twins.is_empty() {
            return coder.name.clone();
        }
        let machine_tells =
            !coder.machine.is_empty() && twins.iter().all(|t| t.machine != coder.machine);
        if machine_tells {
            format!("{} ({})", coder.name, coder.machine)
        } else {
            format!("{} #{}", coder.name, short_id(coder.id))
        }
    }

    /// The label of the coder with `id` ("?" when the project does not know them).
    pub fn coder_label(&self, id: CoderId) -> String {
        self.coder(id)
            .map_or_else(|| "?".to_owned(), |c| self.coder_label_of(c))
    }
}

/// The first four hex digits of a coder's id.
fn short_id(id: CoderId) -> String {
    id.to_string()
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(4)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namesakes_get_a_mark_and_others_do_not() {
        let mut p = Project::named("p");
        let mut a = Coder::new("Sam");
        a.machine = "laptop".into();
        let mut b = Coder::new("Sam");
        b.machine = "office-pc".into();
        let c = Coder::new("Ann");
        let d = Coder::new("Sam");
        p.coders = vec![a.clone(), b.clone(), c.clone()];
        p.reindex();
        assert_eq!(p.coder_label_of(&a), "Sam (laptop)");
        assert_eq!(p.coder_label_of(&b), "Sam (office-pc)");
        assert_eq!(p.coder_label(c.id), "Ann");
        // Same name, no machine: the id tells them apart.
        p.coders.push(d.clone());
        p.reindex();
        let label = p.coder_label_of(&d);
        assert!(
            label.starts_with("Sam #") && label.len() == "Sam #".len() + 4,
            "{label}"
        );
        assert_ne!(p.coder_label_of(&a), label);
    }
}
