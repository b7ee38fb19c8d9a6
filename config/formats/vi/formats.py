"""How PTĐV writes dates and times in templates: dd/mm/yyyy and 24-hour, the Vietnamese way.

`{{ value|date }}` gives DATE_FORMAT; Python code writes dates through `candidates.text.day`
(the same format; a test keeps them equal).
"""

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S"]
