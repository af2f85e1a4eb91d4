"""What analysts look at: tables computed from a snapshot (tables), their charts (figures),
the list of charts the notebook and the report share (charts), and the HTML report."""
