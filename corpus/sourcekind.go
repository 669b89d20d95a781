package corpus

import (
	"fmt"
	"net/url"
	"strings"
)

// SourceKind says how far a source can be cited: a depositary or treaty
// series record, an official statement or document, a peer-reviewed
// dataset, scholarship, or a secondary account (encyclopedias, the press),
// which may stand beside a source of record but never alone.
type SourceKind string

const (
	Depositary SourceKind = "DEPOSITARY"
	Official   SourceKind = "OFFICIAL"
	Dataset    SourceKind = "DATASET"
	Scholarly  SourceKind = "SCHOLARLY"
	Secondary  SourceKind = "SECONDARY"
)

// OfRecord reports whether a source of this kind can carry a fact alone.
func (k SourceKind) OfRecord() bool { return k != Secondary && k != "" }

// sourcePlaces classifies every place the curated data cites. It is the
// one table kept: a URL no entry matches is unclassified, and the data tests
// and `pactgraph check` refuse it. A key is a host ("state.gov"), which
// matches itself and its subdomains, optionally followed by a path prefix
// ("api.parliament.uk/uk-treaties"), which matches that path and everything
// under it. Where several keys match, the longest match wins: the more
// specific host first (history.state.gov over state.gov), then the longer
// path, so one site can hold a treaty series and ordinary pages.
var sourcePlaces = map[string]SourceKind{
	// Depositaries and treaty series.
	"treaties.un.org": Depositary, "legal.un.org": Depositary, "austlii.edu.au": Depositary,
	"verdragen.nl": Depositary, "verdragenbank.overheid.nl": Depositary, "wetten.overheid.nl": Depositary, "conventions.coe.int": Depositary,
	"state.gov": Depositary, "nato.int": Depositary, "osce.org": Depositary, "oas.org": Depositary,
	"opanal.org": Depositary, "eur-lex.europa.eu": Depositary, "worldjpn.net": Depositary, "worldjpn.grips.ac.jp": Depositary,
	"finlex.fi": Depositary,
	// UK Treaties Online and the UK Treaty Series (its PDFs are under
	// /data/Library2/pdf/), at the FCDO's host and the FCO's before it, and
	// Parliament's treaty records built from them; the rest of GOV.UK and
	// of parliament.uk is official, not a treaty record.
	"treaties.fcdo.gov.uk": Depositary, "treaties.fco.gov.uk": Depositary, "api.parliament.uk/uk-treaties": Depositary,
	// The UNODA treaty database, with each state's signature and deposit as
	// the depositaries report them, at its host and at its former place
	// under disarmament.un.org; UNODA's other pages are official.
	"treaties.unoda.org": Depositary, "disarmament.un.org/treaties": Depositary,

	// Governments, international organizations and their official records.
	"un.org": Official, "unoda.org": Official, "unvienna.org": Official, "unodc.org": Official,
	"iaea.org": Official, "opcw.org": Official, "ctbto.org": Official, "au.int": Official,
	"europa.eu": Official, "gov.uk": Official, "parliament.uk": Official, "aph.gov.au": Official, "kremlin.ru": Official, "duma.gov.ru": Official, "odkb.gov.ru": Official,
	"odkb-csto.org": Official, "sectsco.org": Official, "bundesregierung.de": Official,
	"auswaertiges-amt.de": Official, "diplo.de": Official, "admin.ch": Official, "mzv.gov.cz": Official,
	"defensie.nl": Official, "franceintheus.org": Official, "mfa.gov.tr": Official, "mfa.gov.ir": Official, "usembassy.gov": Official, "usmission.gov": Official,
	// VOA's editorials state the US Government's views (voanews.com, its
	// newsroom, is the press).
	"editorials.voa.gov": Official, "whitehouse.gov": Official,
	"gov.al": Official, "mfo.org": Official, "presidency.ucsb.edu": Official, "archives.gov": Official,
	"nsa.gov": Official, "nationalarchives.gov.uk": Official, "congress.gov": Official, "govinfo.gov": Official, "prlib.ru": Official,
	"eresources.nlb.gov.sg": Official, "afcone.org": Official, "oecd-nea.org": Official,
	"mofa.go.jp": Official, "mod.go.jp": Official, "mofa.go.kr": Official, "kormany.hu": Official, "dfat.gov.au": Official, "mfat.govt.nz": Official,
	"defense.gov": Official, "cia.gov": Official, "hsdl.org": Scholarly,
	"everycrsreport.com": Secondary, "wikisource.org": Secondary, "avalon.law.yale.edu": Official,
	"history.state.gov": Official, "cvce.eu": Official, "icanw.org": Secondary,

	// Peer-reviewed datasets.
	"atopdata.org": Dataset, "correlatesofwar.org": Dataset, "dataverse.harvard.edu": Dataset,
	"peaceagreements.org": Dataset,

	// Scholarship: journals, university presses and research institutes.
	"cambridge.org": Scholarly, "springer.com": Scholarly, "sagepub.com": Scholarly, "ouplaw.com": Scholarly,
	"jstor.org": Scholarly, "tandfonline.com": Scholarly, "asil.org": Scholarly, "cil.nus.edu.sg": Scholarly,
	"fmreview.org": Scholarly, "guides.law.columbia.edu": Scholarly, "elsevierpure.com": Scholarly,
	"nti.org": Scholarly, "armscontrol.org": Scholarly, "fas.org": Scholarly, "sipri.org": Scholarly,
	"acronym.org.uk": Scholarly, "ilpi.org": Scholarly, "issi.org.pk": Scholarly, "cfr.org": Scholarly,
	"atlanticcouncil.org": Scholarly, "lawfaremedia.org": Scholarly, "ukandeu.ac.uk": Scholarly,
	"russianforces.org": Scholarly, "atomicarchive.com": Scholarly, "americanbar.org": Scholarly,
	"natowatch.org": Secondary, "jewishvirtuallibrary.org": Secondary,

	// Reputable secondary accounts: encyclopedias and the press.
	"wikipedia.org": Secondary, "britannica.com": Secondary, "encyclopedia.com": Secondary,
	"bbc.co.uk": Secondary, "bbc.com": Secondary, "dw.com": Secondary, "aljazeera.com": Secondary,
	"latimes.com": Secondary, "time.com": Secondary, "voanews.com": Secondary, "reuters.com": Secondary,
	"apnews.com": Secondary, "thenationalnews.com": Secondary, "jta.org": Secondary, "koreaherald.com": Secondary,
	"livemint.com": Secondary, "thedailystar.net": Secondary, "politifact.com": Secondary, "meduza.io": Secondary,
	"novayagazeta.eu": Secondary, "interfax.com": Secondary, "tass.com": Secondary, "iranintl.com": Secondary,
	"irandaily.ir": Secondary, "newsweek.com": Secondary, "astanatimes.com": Secondary, "24.kg": Secondary,
	"asbarez.com": Secondary, "caliber.az": Secondary, "unn.ua": Secondary, "cookislandsnews.com": Secondary,
	"ktvz.com": Secondary, "ballotpedia.org": Secondary, "devdiscourse.com": Secondary, "cctv.com": Secondary,
	"asiae.co.kr": Secondary, "al-jazirah.com": Secondary, "defense-aerospace.com": Secondary,
	"australiandefence.com.au": Secondary, "wired-gov.net": Secondary, "nfp-drugs.bg": Secondary,
	"parltrack.org": Secondary, "vlex.com": Secondary, "defnat.com": Secondary, "engage.hoganlovells.com": Secondary,
	"fakti.bg": Secondary, "diariocolatino.com": Secondary, "paperspast.natlib.govt.nz": Secondary,
	"lexology.com": Secondary, "internetmemory.org": Official, "issuu.com": Secondary, "fgyo.org": Secondary,
	"wikileaks.org": Secondary, "statewatch.org": Secondary,
}

// weakPlaces are mirrors, scrapers, content farms, blogs, propaganda
// outlets and document dumps: never a source, not even beside one. Keys are
// read as in sourcePlaces, and a weak match outranks any other.
var weakPlaces = []string{
	"profilpelajar.com", "arabpostalstamps.com", "elearning-burkina.com", "worddisk.com", "encyclopediahub.com",
	"askwikinow.com", "menacs.org", "wikiclassic.com", "sispain.org", "wikimili.com", "unboundmedicine.com",
	"liquisearch.com", "defmean.com", "kaf1.net", "news-pravda.com", "blogen.wiki", "icloud.info", "iiab.me",
	"clateway.com", "studylib.net", "dokumen.tips", "the-uncensored-wiki.com", "xcv.wiki", "moneywords.com",
	"eclan.eu", "derwas.co.uk", "dirittoue.info", "kampuspedia.com", "sikhheritageeducation.com", "issuhub.com",
	"ncronline.org", "scceu.org", "imagesgram.site", "anews.com.tr", "owiki.org", "worldsecuritynetwork.com",
	"blogspot.com", "spravo4niki.com", "hi-storylessons.eu", "eesti.ca", "miragenews.com", "einpresswire.com",
	"en-academic.com", "sputniknews.com", "sputniknews.africa", "tnpscthervupettagam.com", "derryjournal.com",
	"difesaonline.it", "calendarz.com", "piglix.com", "historysnacks.io", "riteme.site", "tag-challenge.com",
	"azerbaycan24.com", "mil-osi.com", "nina.az", "worldhistoryproject.org", "pdfslide.us", "memim.com",
	"hawaiilibrary.net", "wiki.x.io", "venezuelanalysis.com", "rt.com", "eir.news", "saffronstays.com",
	"swarajyamag.com", "head-post.com", "iasforias.com", "gravy.cc", "researcher.life", "thephilippinestoday.com",
	"scribd.com", "askvity.info", "gizmo.ai", "alphahistory.com", "datikan.com", "cloudflare-ipfs.com",
	"europafrica.net", "deno.dev", "lawyersnjurists.com", "luxexumbra.blogspot.com", "neliti.com",
	"yamm.finance", "cld.bz", "punto.com.ph", "twdefense.info", "howstuffworks.com", "zxc.wiki",
	"quotidianocontribuenti.com", "vistosulweb.com", "paperblog.com", "lema.org", "wiki.gubat.org",
	"lawyerly.ph", "paperzz.com",
}

// ClassifySource tells a source's kind by its URL's host and path; weak is
// true for a place that may never be cited, and kind is empty for one the
// table does not know.
func ClassifySource(rawURL string) (kind SourceKind, weak bool) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Hostname() == "" {
		return "", false
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	path := strings.ToLower(u.EscapedPath())
	for _, key := range weakPlaces {
		if _, ok := matchPlace(key, host, path); ok {
			return "", true
		}
	}
	var best placeMatch
	for key, k := range sourcePlaces {
		if m, ok := matchPlace(key, host, path); ok && m.longer(best) {
			best, kind = m, k
		}
	}
	return kind, false
}

// placeMatch measures how much of a URL a key matched.
type placeMatch struct{ host, path int }

// longer orders matches: the more specific host first, then the longer
// path.
func (m placeMatch) longer(than placeMatch) bool {
	return m.host > than.host || (m.host == than.host && m.path > than.path)
}

// matchPlace reports whether key ("host" or "host/path") matches the host
// and path of a URL: the host or one of its subdomains, and the path or a
// path under it (a key "un.org/treaties" matches /treaties and /treaties/a
// but not /treatiesx).
func matchPlace(key, host, path string) (placeMatch, bool) {
	keyHost, keyPath, _ := strings.Cut(key, "/")
	if host != keyHost && !strings.HasSuffix(host, "."+keyHost) {
		return placeMatch{}, false
	}
	if keyPath != "" {
		keyPath = "/" + keyPath
		if path != keyPath && !strings.HasPrefix(path, keyPath+"/") {
			return placeMatch{}, false
		}
	}
	return placeMatch{len(keyHost), len(keyPath)}, true
}

// SourceProblem is a fact of the curated data that cannot be cited as it
// stands.
type SourceProblem struct {
	Origin Origin
	Entry  string // `agreement "inf-treaty"`
	Msg    string
}

func (p SourceProblem) String() string { return fmt.Sprintf("%s: %s: %s", p.Origin, p.Entry, p.Msg) }

// CheckSources lists every fact without a source of record: a record, a
// suspension or a contested position whose sources are all secondary, and
// every source that is weak or whose domain the lists do not classify.
func (e *Entities) CheckSources() []SourceProblem {
	var out []SourceProblem
	check := func(v any, entry, what string, list []Source) {
		add := func(format string, args ...any) {
			out = append(out, SourceProblem{e.OriginOf(v), entry, what + fmt.Sprintf(format, args...)})
		}
		ofRecord := false
		for _, s := range list {
			kind, weak := ClassifySource(s.URL)
			switch {
			case weak:
				add("weak source (mirror, scraper, content farm, blog, propaganda outlet or document dump) %s", s.URL)
			case kind == "":
				add("source %s: its domain is not classified (add it to corpus/sourcekind.go)", s.URL)
			case kind.OfRecord():
				ofRecord = true
			}
		}
		if !ofRecord {
			add("no source of record (depositary, official, dataset or scholarly)")
		}
	}
	for _, a := range e.Agreements {
		if a.ATOP != nil && strings.HasPrefix(a.ID, "atop-") {
			continue // generated from the dataset, which is its source
		}
		entry := fmt.Sprintf("agreement %q", a.ID)
		check(a, entry, "", a.Sources)
		for _, p := range a.Parties {
			if p.Suspension != nil {
				check(a, entry, "party "+p.Country+" suspension: ", p.Suspension.Sources)
			}
		}
		for _, c := range a.Contested {
			for _, p := range c.Positions {
				check(a, entry, fmt.Sprintf("contested %s, position of %s: ", c.Fact, strings.Join(p.HeldBy, ", ")), p.Sources)
			}
		}
	}
	for _, o := range e.Organizations {
		check(o, fmt.Sprintf("organization %q", o.ID), "", o.Sources)
	}
	return out
}
