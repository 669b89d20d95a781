package corpus

import "strings"

// Languages are named by their ISO 639-1 code ("en", "nl"); a passage
// whose language could not be told is "und" (ISO 639-2's undetermined).
const Undetermined = "und"

// languageNames are what a front matter or a manifest may write for a
// language instead of its code: ISO 639-2 codes (bibliographic and
// terminology), and English and native names.
var languageNames = map[string]string{
	"eng": "en", "english": "en",
	"nld": "nl", "dut": "nl", "dutch": "nl", "nederlands": "nl", "flemish": "nl",
	"fra": "fr", "fre": "fr", "french": "fr", "français": "fr", "francais": "fr",
	"deu": "de", "ger": "de", "german": "de", "deutsch": "de",
	"spa": "es", "spanish": "es", "español": "es", "espanol": "es", "castellano": "es",
	"ita": "it", "italian": "it", "italiano": "it",
	"por": "pt", "portuguese": "pt", "português": "pt", "portugues": "pt",
}

// LanguageCode reads a language as a document declares it: a code
// ("en"), a language tag ("en-GB", "nl_BE"), an ISO 639-2 code ("nld")
// or a name ("Dutch"). It returns the ISO 639-1 code, or "und", and
// false when s names no language.
func LanguageCode(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if code, ok := languageNames[s]; ok {
		return code, true
	}
	primary, _, _ := strings.Cut(strings.ReplaceAll(s, "_", "-"), "-")
	if code, ok := languageNames[primary]; ok {
		return code, true
	}
	if primary == Undetermined || len(primary) == 2 && isLower(primary) {
		return primary, true
	}
	return "", false
}

// languageNamesByCode are the English names of the languages the index
// analyses, and of "und".
var languageNamesByCode = map[string]string{
	"en": "English", "nl": "Dutch", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
	"pt": "Portuguese", Undetermined: "Undetermined",
}

// LanguageName is a language code's English name, "" for a code it does
// not know.
func LanguageName(code string) string { return languageNamesByCode[code] }

func isLower(s string) bool {
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return s != ""
}
