# One way to write dates in the portal, the same in Korean and English: 2026-12-05 and 2026-12-05 18:33 (24-hour,
# Asia/Seoul). Django's own locale formats still answer every name not set here (input formats, separators).
DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "m-d"
YEAR_MONTH_FORMAT = "Y-m"
