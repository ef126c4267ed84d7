"""Every file zjtx reads or writes for a user, in one place.

    read.py      JSON profiles, CSV lists (UTF-8 / BOM / GB18030, `,` `;` tab) and XLSX lists, with every
                 guard (sizes, encodings, zip bombs, sheet ranges, ragged rows), chunk by chunk
    lines.py     an uploaded list as a spreadsheet shows it (blank rows skipped, each row's line)
    cells.py     raw cells → typed columns (the profile's rules, column by column); headers → fields
    write.py     CSV and XLSX output (the hand-written XLSX writer), formula neutralising, the spool
    template.py  the batch template (assets/批量筛查模板.xlsx)

Every problem becomes an `InputError` with one clear Chinese line (and an English variant) that
names the file, row or field; nothing here prints or exits. The evaluators (zjtx.engine,
zjtx.batch) read no file: they are given typed values.
"""


class InputError(ValueError):
    def __init__(self, zh: str, en: str | None = None):
        self.zh, self.en = zh, en or zh
        super().__init__(zh)
