package search

import "strings"

// The keyword fields of ADVANCED text (type:, kind:, parties:,
// organizations:, …) hold each value whole, as the index writes it:
// AGREEMENT, BILATERAL, USA, organization:nato, arms-control, 1990,
// NONAGGRESSION, en. A
// researcher types them as the filters take them, in any case and with or
// without the id's type ("kind:bilateral", "parties:usa",
// "organizations:nato", "decade:1990s", "obligations:non-aggression");
// keywordValue writes a value as the
// index holds it, so that those find what the filters find.

// idPrefixes are the keyword fields that hold global ids, with their type.
var idPrefixes = map[string]string{
	fieldOrganizations: "organization:",
	fieldAgreements:    "agreement:",
	fieldTrends:        "trend:",
	fieldTopics:        "topic:",
	fieldDocument:      "document:",
}

// keywordValue is v as the keyword field holds it. A prefix (agreem*) is
// written the same way: the start of a value.
func keywordValue(field, v string) string {
	switch field {
	case fieldType, fieldKind:
		return strings.ToUpper(v)
	case fieldParties, fieldCountries:
		v = strings.ToUpper(v)
		return strings.TrimPrefix(v, "COUNTRY:")
	case fieldObligations: // ATOP's: non-aggression is NONAGGRESSION
		return strings.ToUpper(strings.NewReplacer("-", "", " ", "", "_", "").Replace(v))
	case fieldThemes, fieldLanguage:
		return strings.ToLower(v)
	case fieldDecade, fieldCentury:
		return strings.TrimSuffix(strings.ToLower(v), "s")
	}
	prefix, ok := idPrefixes[field]
	if !ok {
		return v
	}
	v = strings.ToLower(v) // ids are written in lower case
	if strings.HasPrefix(v, prefix) || strings.HasPrefix(prefix, v) {
		return v // the whole id, or the start of its type ("organiz*")
	}
	return prefix + v
}
