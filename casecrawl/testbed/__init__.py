"""The offline replica of local.gov.uk/case-studies: generator, markups, server, ground truth."""
