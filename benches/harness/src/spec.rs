//! The OpenAPI specs the suite measures: which ones, their labels in the
//! report and where they are.

use std::path::{Path, PathBuf};

/// One spec the suite measures.
pub(crate) struct Spec {
    pub id: &'static str,
    pub label: String,
    pub path: PathBuf,
}

/// The specs the suite measures: the OnlyFans spec of this repository, then
/// those of `shared` (the shared specs directory) that exist.
pub(crate) fn all(root: &Path, shared: &Path) -> Vec<Spec> {
    let mut v = vec![Spec {
        id: "onlyfans",
        label: "`spec/openapi.yaml` (OnlyFans)".into(),
        path: root.join("spec/openapi.yaml"),
    }];
    for (id, rel, label) in [
        (
            "sado",
            "scribe/01-BaderHalimi-Sado.yaml",
            "Scribe `01-BaderHalimi-Sado.yaml`",
        ),
        (
            "github",
            "other/06-oxidecomputer-progenitor-api.github.com.json",
            "GitHub `api.github.com.json`",
        ),
        (
            "nexus",
            "other/04-oxidecomputer-progenitor-nexus.json",
            "Oxide `nexus.json` (progenitor's own sample)",
        ),
    ] {
        let path = shared.join(rel);
        if path.exists() {
            v.push(Spec {
                id,
                label: label.into(),
                path,
            });
        } else {
            eprintln!("note: {} not found, skipped", path.display());
        }
    }
    v
}
