// Police and community-safety vocabulary the offline theme summary reads, kept
// as data beside it (src/features/dialog/themeSummary.ts): the words officers
// and residents use for the same thing grouped into concepts, each with the
// name a theme gets when the concept carries it.
//
// Invariants:
// - a term without a space matches a word that starts with it (`bemann` →
//   bemanningen) or, when it has 4 letters or more, any word that contains it
//   (gatubelysning ⊃ belysning, gruppchefen ⊃ chef); a term of 1–3 letters
//   matches the whole word only (`ig`, `epa`, `tid`);
//   a term with a space matches the phrase in the answer's text;
// - a term of 6 letters or more also matches a misspelling one edit away
//   (bemaning → bemann, informtion → information);
// - words under NEUTRAL never count for a concept (kommunpolisen is not
//   kommunen), and are no theme of their own;
// - labels are Swedish words people use, lower case: they name themes in the
//   summary, so they never contain stems.
// Adding a term: keep it to words that mean the concept in police work in
// general, not to one poll's answers.

export interface Concept {
  id: string;
  label: string;
  terms: string[];
}

// biome-ignore format: word lists read best packed
export const CONCEPTS: Concept[] = [
  { id: "resurser", label: "tid och bemanning", terms: [
    "tid", "tiden", "tidsbrist", "tidsbrå", "hinn", "hann", "resurs", "bemann", "underbemann", "personal",
    "vakans", "sjukskriv", "ersätt", "ig", "ingripande", "larm", "utryckning", "ärenden", "prio", "prio 1",
    "inkall", "dras hela tiden", "dras till", "dras iväg", "ivägskick", "skickas iväg", "kommenderad", "schema", "övertid",
    "arbetsbelastning", "belastning", "stress", "för få poliser", "för få kollegor", "saknas folk",
    "kvp-tid", "avsätt", "för få", "yttre tjänst", "mer folk", "fler poliser", "hinner", "piket",
  ] },
  { id: "ledning", label: "ledning och prioriteringar", terms: [
    "chef", "ledning", "ledare", "styrning", "styra", "styrs", "prioriter", "uppdrag", "otydlig", "oklar",
    "mandat", "direktiv", "beslut", "lpo", "följer upp", "följa upp", "uppföljning", "äger frågan", "ansvar",
    "ingen bryr", "förankr",
  ] },
  { id: "kunskap", label: "information och kunskap om löftet", terms: [
    "information", "info", "kunskap", "utbildning", "genomgång", "intranät", "intranätet", "introduktion",
    "känner till", "vet knappt", "vet inte vad", "visste inte", "vet ingenting", "okänt", "nyanställd",
    "kännedom", "inte hört", "aldrig hört", "ingen vet", "inte sett",
  ] },
  { id: "samverkan", label: "samverkan med kommunen och andra", terms: [
    "kommun", "samverk", "samarbet", "socialtjänst", "soc", "socen", "socialen", "fältassistent", "fältare", "fritidsgård",
    "fritidsledare", "trygghetssamordnare", "samordnare", "fastighetsägare", "bostadsbolag", "hyresvärd",
    "förening", "näringsidkare", "handlare", "räddningstjänst", "skolor", "skolorna", "rektor", "trygghetsvandring",
    "gemensam", "tillsammans med",
  ] },
  { id: "narkotika", label: "narkotika", terms: [
    "narkotik", "knark", "drog", "langn", "langa", "langar", "langare", "hasch", "cannabis", "marijuana",
    "gräs", "kokain", "tjack", "amfetamin", "spice", "röker på", "röka på", "missbruk", "beroende",
    "tabletter", "piller", "sprutor", "knarklangare", "pundare",
  ] },
  { id: "trafik", label: "buskörning och trafik", terms: [
    "moped", "mopp", "epa", "epor", "a-traktor", "traktor", "mc", "motorcykel", "motorcykl", "cross", "buskör",
    "fortkörn", "kör fort", "kör för fort", "fort genom", "rally", "trafik", "hastighet", "vårdslös",
    "fyrhjuling", "elsparkcykel", "sparkcykel", "rattfull", "rattfyll", "gasar", "racing", "burnout",
    "kör runt", "parkering", "felparker",
  ] },
  { id: "otrygghet", label: "otrygghet, mörker och belysning", terms: [
    "otrygg", "rädd", "vågar inte", "mörk", "mörker", "belysning", "lampa", "lampor", "gatlykt", "gatljus",
    "ljus", "buskar", "buske", "sly", "igenvux", "tunnel", "skrämm", "obehag", "oro", "orolig", "ensam hem",
  ] },
  { id: "stok", label: "stök och ordningsstörningar", terms: [
    "stök", "bråk", "gäng", "ordningsstör", "störning", "skadegör", "klotter", "vandalis", "stenkast", "kastar sten", "hotar", "hotfull", "rånar",
    "eldar", "anlagd", "bränd", "hot", "våld", "misshandel", "fylla", "fyllo", "berusad", "alkohol", "langning av sprit",
    "slagsmål", "rån", "hänger", "spring", "oväsen", "ungdomsgäng", "kriminella",
  ] },
  { id: "inbrott", label: "inbrott och stölder", terms: [
    "inbrott", "stöld", "stjäl", "stulen", "stulna", "snatteri", "cykelstöld", "bilinbrott", "bedräger", "lurade",
  ] },
  { id: "vapen", label: "skjutningar och vapen", terms: [
    "skjut", "skott", "vapen", "kniv", "spräng", "explosion", "handgranat",
  ] },
  { id: "synlighet", label: "synlig polis och närvaro", terms: [
    "synas", "synlig", "närvaro", "närvarande", "fotpatrull", "patrull", "cykelpatrull", "på plats", "ute mer",
    "gå ut", "gå ur bilen", "prata med", "snacka med", "möta folk", "kvarterspolis", "finnas ute", "rörlig",
  ] },
  { id: "kommunikation", label: "information till medborgarna", terms: [
    "facebook", "instagram", "sociala medier", "återkoppl", "berätta", "informera", "nyhetsbrev", "hemsida",
    "medborgardialog", "öppet hus", "medborgare", "medborgarna", "lokaltidning", "tidning", "media", "kommunicera",
    "kommunikation", "dialog",
  ] },
];

/** Words that never count for a concept and are no theme of their own. */
// biome-ignore format: a word list reads best packed
export const NEUTRAL = [
  "kommunpolis", "medborgarlöfte", "löfte", "löften", "löftet", "löftena", "polis", "polisen", "poliser",
  "områdespolis", "arbete", "jobba", "jobbet", "jobb",
];

/** Colloquial and written-chat words that carry no theme, beside the Snowball list of Swedish stop words. */
// biome-ignore format: a word list reads best packed
export const EXTRA_STOP_WORDS = [
  "o", "e", "nåt", "nån", "nåra", "dom", "typ", "liksom", "asså", "alltså", "ba", "bara", "iaf", "pga", "tex",
  "osv", "etc", "dvs", "bl", "ex", "ok", "okej", "nej", "ja", "vet", "tycker", "tror", "känns", "kanske", "helt",
  "hela", "väldigt", "jätte", "ganska", "mycket", "mkt", "lite", "fler", "flera", "mer", "mera", "oftare",
  "finns", "gör", "göra", "gjort", "får", "fått", "kan", "ska", "skulle", "borde", "bör", "behöver", "behövs",
  "fungerar", "funkar", "sak", "saker", "grej", "grejer", "folk", "man", "alla", "ingen", "inget", "inga",
  "ärligt", "talat", "själv", "själva", "uppifrån", "ibland", "alltid", "aldrig", "varje", "knappt",
  // English function words, for the odd answer in English
  "the", "and", "of", "to", "in", "is", "are", "we", "it", "that", "for", "on", "with", "too", "not", "no",
  "a", "an", "be", "there", "they", "this", "more", "have", "has", "our", "you", "i",
];
