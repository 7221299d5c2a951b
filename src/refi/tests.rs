use super::*;
use crate::testing::{fixture, op, project_after};
use proptest::prelude::*;

fn round_trip(p: &Project) -> Result<Project, String> {
    let bytes = write::qdpx(p)?;
    read_bytes("test.qdpx", &bytes)
        .map(|i| i.project)
        .map_err(|e| e.to_string())
}

#[test]
fn fixture_survives_a_round_trip() {
    let p = fixture();
    assert_eq!(round_trip(&p), Ok(p));
}

#[test]
fn the_sample_survives_a_round_trip() -> Result<(), String> {
    let p = crate::store::from_str(crate::SAMPLE_PROJECT, "sample").map_err(|e| e.to_string())?;
    assert_eq!(round_trip(&p)?, p);
    Ok(())
}

#[test]
fn the_same_project_gives_the_same_bytes() -> Result<(), String> {
    let p = fixture();
    assert_eq!(write::qdpx(&p)?, write::qdpx(&p)?);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]
    #[test]
    fn random_projects_survive_a_round_trip(ops in proptest::collection::vec(op(), 0..40)) {
        let p = project_after(&ops);
        prop_assert_eq!(round_trip(&p), Ok(p));
    }
}
