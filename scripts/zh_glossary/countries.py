"""zh for core.countries."""

GLOSSARY = {
    "enter a two-letter ISO 3166 country code, e.g. DE": "请输入两位 ISO 3166 国家代码，例如 DE",
    "%(code)s is not an ISO 3166 country code": "%(code)s 不是 ISO 3166 国家代码",
    "enter a three-letter ISO 4217 currency code, e.g. EUR": (
        "请输入三位 ISO 4217 货币代码，例如 EUR"
    ),
    "%(code)s is not an ISO 4217 currency code": "%(code)s 不是 ISO 4217 货币代码",
}
