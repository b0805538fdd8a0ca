"""The instance as an Excel/WPS workbook: the sheets and columns, writing one, reading one back
into the same data the YAML reader gives, with every problem placed at a sheet, row and column."""
