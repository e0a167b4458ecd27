"""Before the gate: reviewed exceptions (:mod:`.waivers`), an earlier run to compare with
(:mod:`.baseline`), and applying both to the findings (:mod:`.gating`)."""
