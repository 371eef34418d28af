"""Writers: adapters that turn the form (and a checked report) into workbooks."""
