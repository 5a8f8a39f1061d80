#include "guardrails/scanner.h"

#include "guardrails/checksums.h"
#include "guardrails/injection.h"
#include "guardrails/textutil.h"

#include <algorithm>
#include <array>
#include <limits>
#include <new>

namespace tollgate::guardrails {

using namespace detail;

namespace {

// Which detector wins when two claim overlapping bytes.
int priority(DetectorId id)
{
    switch (id) {
    case DetectorId::PrivateKey:
        return 100;
    case DetectorId::ConnectionString:
    case DetectorId::Jwt:
        return 95;
    case DetectorId::AwsAccessKey:
    case DetectorId::GithubToken:
    case DetectorId::GitlabToken:
    case DetectorId::OpenaiKey:
    case DetectorId::AnthropicKey:
    case DetectorId::GoogleApiKey:
    case DetectorId::SlackToken:
    case DetectorId::StripeKey:
        return 90;
    case DetectorId::PaymentCard:
    case DetectorId::Iban:
    case DetectorId::Aadhaar:
    case DetectorId::UkNhs:
    case DetectorId::UsSsn:
    case DetectorId::InPan:
        return 80;
    case DetectorId::Email:
        return 70;
    case DetectorId::MedicalRecordNumber:
        return 60;
    case DetectorId::DateOfBirth:
        return 55;
    case DetectorId::IpAddress:
        return 50;
    case DetectorId::Phone:
        return 40;
    case DetectorId::PersonName:
        return 30;
    case DetectorId::PromptInjection:
    case DetectorId::Count:
        break;
    }
    return 0;
}

constexpr std::string_view kPhoneContext[] = {
    "tel",
    "phone",
    "mobile",
    "cell",
    "call",
    "fax",
    "whatsapp",
    "contact",
    "handy",
    "telefon",
    "rufnummer",
    "portable",
    "t\xC3\xA9l\xC3\xA9phone",
    "tél",
    "m\xC3\xB3vil",
    "movil",
    "tel\xC3\xA9"
    "fono",
    "telefono",
    "\xE0\xA4\xAB\xE0\xA5\x8B\xE0\xA4\xA8",                                     // फोन
    "\xE0\xA4\xAE\xE0\xA5\x8B\xE0\xA4\xAC\xE0\xA4\xBE\xE0\xA4\x87\xE0\xA4\xB2", // मोबाइल
    "\xE0\xA4\xAB\xE0\xA4\xBC\xE0\xA5\x8B\xE0\xA4\xA8",                         // फ़ोन
};
constexpr std::string_view kDobContext[] = {
    "born",
    "birth",
    "dob",
    "d.o.b",
    "geboren",
    "geb.",
    "geburtstag",
    "n\xC3\xA9 le",
    "n\xC3\xA9"
    "e le",
    "naissance",
    "nacido",
    "nacida",
    "nacimiento",
    "\xE0\xA4\x9C\xE0\xA4\xA8\xE0\xA5\x8D\xE0\xA4\xAE", // जन्म
};
constexpr std::string_view kAadhaarContext[] = {
    "aadhaar", "aadhar", "uidai", "uid", "\xE0\xA4\x86\xE0\xA4\xA7\xE0\xA4\xBE\xE0\xA4\xB0", // आधार
};
constexpr std::string_view kSsnContext[] = {"ssn", "social security", "soc sec", "ss#"};
constexpr std::string_view kNhsContext[] = {"nhs"};
constexpr std::string_view kVersionContext[] = {"version", "ver.", "v.", "release", "build"};
constexpr std::string_view kAwsSecretContext[] = {"aws", "secret_access", "secretaccess", "secret access"};

struct Scan
{
    std::string_view s;
    const DetectorSet& en;
    std::vector<Detection>& out;

    bool on(DetectorId id) const { return en.test(static_cast<std::size_t>(id)); }

    void emit(DetectorId id, std::size_t b, std::size_t e, float score)
    {
        if (on(id) && e > b && e <= s.size())
            out.push_back(Detection{id, static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e), score});
    }

    char at(std::size_t i) const { return i < s.size() ? s[i] : '\0'; }

    // Any of the words in the `window` bytes before pos (same line not required).
    template <std::size_t N>
    bool contextBefore(std::size_t pos, const std::string_view (&words)[N], std::size_t window = 48) const
    {
        const std::size_t from = pos > window ? pos - window : 0;
        for (std::size_t i = from; i < pos; ++i) {
            for (std::string_view w : words) {
                if (i + w.size() <= pos && matchesAt(s, i, w)) {
                    // Whole-word start for ASCII keywords (so "uid" does not fire inside "fluid").
                    if (i > 0 && isAlpha(s[i - 1]) && isAlpha(w[0]))
                        continue;
                    return true;
                }
            }
        }
        return false;
    }

    void run();
    std::size_t numeric(std::size_t i);
    std::size_t word(std::size_t i);
    bool plainLowerWord(std::size_t b, std::size_t e) const;
    std::size_t awsSecret(std::size_t i);
    void email(std::size_t at);
    std::size_t pem(std::size_t i);
    std::size_t connectionString(std::size_t colon);
    std::size_t ipv6(std::size_t i);
    std::size_t personName(std::size_t from);
    std::size_t mrn(std::size_t from);
    bool textualDate(std::size_t i, std::size_t& end) const;
    std::size_t secretToken(std::size_t i, std::size_t prefixLen, std::size_t minBody, DetectorId id,
                            bool allowDash = true);
};

std::size_t tokenEnd(std::string_view s, std::size_t i, std::uint8_t mask)
{
    while (i < s.size() && (cls(s[i]) & mask))
        ++i;
    return i;
}

// Month names (EN, DE, FR, ES; accents folded to the UTF-8 forms people type).
constexpr std::string_view kMonths[] = {
    "jan",
    "january",
    "januar",
    "janvier",
    "enero",
    "feb",
    "february",
    "februar",
    "f\xC3\xA9vrier",
    "fevrier",
    "febrero",
    "mar",
    "march",
    "m\xC3\xA4rz",
    "maerz",
    "mars",
    "marzo",
    "apr",
    "april",
    "avril",
    "abril",
    "may",
    "mai",
    "mayo",
    "jun",
    "june",
    "juni",
    "juin",
    "junio",
    "jul",
    "july",
    "juli",
    "juillet",
    "julio",
    "aug",
    "august",
    "ao\xC3\xBBt",
    "aout",
    "agosto",
    "sep",
    "sept",
    "september",
    "septembre",
    "septiembre",
    "oct",
    "october",
    "oktober",
    "octobre",
    "octubre",
    "nov",
    "november",
    "novembre",
    "noviembre",
    "dec",
    "december",
    "dezember",
    "d\xC3\xA9"
    "cembre",
    "decembre",
    "diciembre",
    "dez",
};

// For each lower-case first byte, the lengths (bit n: n bytes) of the month names starting with it.
// Most words are turned away by this alone, before any name is compared.
constexpr std::array<std::uint16_t, 256> makeMonthLengths()
{
    std::array<std::uint16_t, 256> t{};
    for (std::string_view m : kMonths)
        t[static_cast<unsigned char>(m[0])] |= static_cast<std::uint16_t>(1u << m.size());
    return t;
}
constexpr std::array<std::uint16_t, 256> kMonthLengths = makeMonthLengths();

bool isMonthWord(std::string_view w)
{
    if (w.size() < 3 || w.size() > 10)
        return false;
    const unsigned char c0 = static_cast<unsigned char>(lowerAscii(w[0]));
    if (!(kMonthLengths[c0] & (1u << w.size())))
        return false;
    char buf[12];
    for (std::size_t i = 0; i < w.size(); ++i)
        buf[i] = lowerAscii(w[i]);
    const std::string_view lw(buf, w.size());
    for (std::string_view m : kMonths) {
        if (m.size() == lw.size() && m[1] == lw[1] && m == lw)
            return true;
    }
    return false;
}

// Length of a word made of ASCII letters and UTF-8 continuation/lead bytes (for accented months).
std::size_t letterRunEnd(std::string_view s, std::size_t i)
{
    while (i < s.size() && (isAlpha(s[i]) || static_cast<unsigned char>(s[i]) >= 0x80))
        ++i;
    return i;
}

bool plausibleDate(int a, int b, int c, int lenA, int lenC)
{
    int day, month, year;
    if (lenA == 4) {
        year = a;
        month = b;
        day = c;
    } else if (lenC == 4) {
        year = c;
        // dd/mm or mm/dd: accept either reading.
        if (a > 12) {
            day = a;
            month = b;
        } else {
            day = b > 12 ? b : a;
            month = b > 12 ? a : b;
        }
    } else {
        return false;
    }
    return year >= 1900 && year <= 2035 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

struct Group
{
    std::uint32_t begin;
    std::uint8_t len;
    char sepBefore; // first non-space separator char before this group, ' ' if only spaces, 0 for the first
};

std::size_t Scan::numeric(std::size_t i)
{
    const std::size_t n = s.size();
    std::size_t start = i;
    bool plus = false, paren = false;
    std::size_t p = i;
    if (s[p] == '+') {
        plus = true;
        ++p;
    } else if (s[p] == '(') {
        paren = true;
        ++p;
    }
    // An identifier glued to a code ("ORD-2024", "x_123") is part of that code.
    if (start > 0) {
        const char prev = s[start - 1];
        if (prev == '_' || ((prev == '-' || prev == '.' || prev == '/' || prev == ':') && start > 1 &&
                            isAlnum(s[start - 2])))
            return tokenEnd(s, p, kAlnum);
    }

    if (!plus && !paren) {
        // IPv6 written with a leading digit ("2001:db8::1", "2a02:...").
        const std::size_t he = tokenEnd(s, p, kHex);
        if (he - p <= 4 && at(he) == ':' && ((cls(at(he + 1)) & kHex) || at(he + 1) == ':'))
            return std::max(ipv6(p), he);
    }
    std::array<Group, 8> groups{};
    std::size_t k = 0, digits = 0;
    char digitBuf[24];
    std::size_t q = p;
    char pendingSep = 0;
    while (k < groups.size()) {
        const std::size_t ge = tokenEnd(s, q, kDigit);
        if (ge == q)
            break;
        const std::size_t glen = ge - q;
        if (glen > 19 || digits + glen > 19) {
            if (k == 0)
                return ge;
            break;
        }
        groups[k++] = Group{static_cast<std::uint32_t>(q), static_cast<std::uint8_t>(glen), pendingSep};
        for (std::size_t j = q; j < ge; ++j)
            digitBuf[digits++] = s[j];
        // Separator: up to 3 chars of " -./()" without line breaks, then a digit.
        std::size_t r = ge, sepLen = 0;
        char sep = 0;
        while (r < n && sepLen < 3 &&
               (s[r] == ' ' || s[r] == '-' || s[r] == '.' || s[r] == '/' || s[r] == '(' || s[r] == ')')) {
            if (s[r] != ' ' && sep == 0)
                sep = s[r];
            ++r;
            ++sepLen;
        }
        if (sepLen == 0 || r >= n || !isDigit(s[r]))
            break;
        pendingSep = sep ? sep : ' ';
        q = r;
    }
    if (k == 0)
        return p + 1;
    const std::size_t firstRunEnd = groups[0].begin + groups[0].len;
    // Starting inside a longer digit sequence ("... 4429 1723 3428 6332" from its second group):
    // only payment cards (Luhn + issuer + length) are strong enough to be picked out of it.
    const bool midSequence = !plus && !paren && start >= 2 && (s[start - 1] == ' ' || s[start - 1] == '-') &&
                             isDigit(s[start - 2]);

    // IPv6 written with a leading digit group ("2001:db8::1").
    if (k == 1 && at(firstRunEnd) == ':' && groups[0].len <= 4 && !plus && !paren)
        return std::max(ipv6(groups[0].begin), firstRunEnd);
    if (isAlnum(at(firstRunEnd)) && isAlpha(at(firstRunEnd)))
        return tokenEnd(s, firstRunEnd, kAlnum); // "550e8400", "3rd", "1Z999AA..."

    auto groupValue = [&](std::size_t g) {
        int v = 0;
        for (std::size_t j = 0; j < groups[g].len && j < 9; ++j)
            v = v * 10 + (s[groups[g].begin + j] - '0');
        return v;
    };

    for (std::size_t kk = k; kk >= 1; --kk) {
        const std::size_t end = groups[kk - 1].begin + groups[kk - 1].len;
        // The candidate must end at a token boundary.
        const char after = at(end);
        if (isAlpha(after) || after == '_' || after == '@')
            continue;
        if ((after == '.' || after == '-') && isDigit(at(end + 1)) && kk == k)
            continue; // longer dotted/dashed structure such as a version or a longer code
        std::size_t nd = 0;
        for (std::size_t g = 0; g < kk; ++g)
            nd += groups[g].len;
        const std::string_view d(digitBuf, nd);
        bool sameSep = true;
        for (std::size_t g = 2; g < kk; ++g)
            sameSep = sameSep && groups[g].sepBefore == groups[1].sepBefore;
        const char sep1 = kk >= 2 ? groups[1].sepBefore : 0;
        const std::size_t b = start;
        const bool standalone = !midSequence && kk == k;

        // IPv4
        if (kk == 4 && sameSep && sep1 == '.' && !plus && !paren) {
            bool okIp = true;
            for (std::size_t g = 0; g < 4; ++g) {
                const bool leadingZero = groups[g].len > 1 && s[groups[g].begin] == '0';
                okIp = okIp && groups[g].len <= 3 && !leadingZero && groupValue(g) <= 255;
            }
            if (okIp && !contextBefore(b, kVersionContext, 16) &&
                !(b > 0 && (s[b - 1] == 'v' || s[b - 1] == 'V'))) {
                emit(DetectorId::IpAddress, b, end, 0.9f);
                return end;
            }
        }
        // Dates: a date is never a phone; with birth context it is a date of birth.
        if (kk == 3 && sameSep && (sep1 == '/' || sep1 == '.' || sep1 == '-') && !plus && !paren &&
            (groups[0].len == 4 || groups[2].len == 4) && groups[1].len <= 2 &&
            plausibleDate(groupValue(0), groupValue(1), groupValue(2), groups[0].len, groups[2].len)) {
            if (contextBefore(b, kDobContext, 40))
                emit(DetectorId::DateOfBirth, b, end, 0.85f);
            return end;
        }
        // Payment cards: one run, or groups of 4 (Amex 4-6-5, Diners 4-6-4).
        if (nd >= 13 && nd <= 19 && !plus && !paren && (sep1 == 0 || sep1 == ' ' || sep1 == '-') && sameSep) {
            bool shape = kk == 1;
            if (!shape) {
                shape = true;
                for (std::size_t g = 0; g + 1 < kk; ++g)
                    shape = shape && groups[g].len == 4;
                shape = shape && groups[kk - 1].len >= 1 && groups[kk - 1].len <= 4;
                if (kk == 3 && groups[0].len == 4 && groups[1].len == 6 &&
                    (groups[2].len == 5 || groups[2].len == 4))
                    shape = true;
            }
            if (shape && paymentCardValid(d)) {
                emit(DetectorId::PaymentCard, b, end, 1.0f);
                return end;
            }
        }
        // Aadhaar: 4-4-4, or one run of 12 with context.
        if (nd == 12 && standalone && !plus && !paren && d[0] >= '2') {
            const bool shape = (kk == 3 && sameSep && (sep1 == ' ' || sep1 == '-') && groups[0].len == 4 &&
                                groups[1].len == 4);
            if ((shape || (kk == 1 && contextBefore(b, kAadhaarContext))) && aadhaarValid(d)) {
                emit(DetectorId::Aadhaar, b, end, 1.0f);
                return end;
            }
        }
        // US SSN: 3-2-4, or 9 digits with context.
        if (nd == 9 && standalone && !plus && !paren) {
            const bool shape = kk == 3 && sameSep && (sep1 == '-' || sep1 == ' ') && groups[0].len == 3 &&
                               groups[1].len == 2;
            const bool ctx = (shape || kk == 1) && contextBefore(b, kSsnContext);
            if ((shape || (kk == 1 && ctx)) && usSsnValid(d)) {
                // Widely published specimen numbers are not anyone's SSN.
                if (d != "123456789" && d != "078051120" && d != "219099999") {
                    emit(DetectorId::UsSsn, b, end, ctx || sep1 == '-' ? 1.0f : 0.8f);
                    return end;
                }
            }
        }
        // UK NHS number: 3-3-4 (spaces or dashes), or 10 digits with context.
        if (nd == 10 && standalone && !plus && !paren && !ukNhsValid(d) && contextBefore(b, kNhsContext, 64))
            return end; // labelled as an NHS number but the check digit is wrong: not a phone either
        if (nd == 10 && standalone && !plus && !paren && ukNhsValid(d)) {
            const bool nhsCtx = contextBefore(b, kNhsContext, 64);
            const bool shape = kk == 3 && sameSep && (sep1 == ' ' || sep1 == '-') && groups[0].len == 3 &&
                               groups[1].len == 3;
            const bool phoneCtx = contextBefore(b, kPhoneContext, 32);
            if (nhsCtx || (shape && sep1 == ' ' && !phoneCtx)) {
                emit(DetectorId::UkNhs, b, end, nhsCtx ? 1.0f : 0.8f);
                return end;
            }
        }
        // Phones last.
        if (standalone) {
            bool phone = false;
            float score = 0.7f;
            auto phoneCtx = [&] { return contextBefore(b, kPhoneContext, 32); };
            if (plus && nd >= 8 && nd <= 15 && d[0] != '0') {
                phone = kk >= 2 || nd >= 10 || phoneCtx();
                score = 0.9f;
            } else if (paren && groups[0].len >= 2 && groups[0].len <= 5 &&
                       at(groups[0].begin + groups[0].len) == ')' && nd >= 9 && nd <= 12) {
                phone = true;
            } else if (kk >= 2 && nd >= 10 && nd <= 12 && !plus) {
                const bool us =
                    nd == 10 && kk == 3 && groups[0].len == 3 && groups[1].len == 3 && d[0] >= '2';
                const bool national = d[0] == '0' && groups[0].len >= 2 && groups[0].len <= 6;
                const bool india = nd == 10 && kk == 2 && groups[0].len == 5 && d[0] >= '6';
                const bool fr = nd == 10 && kk == 5 && d[0] == '0';
                phone = us || national || india || fr;
            } else if (nd >= 7 && nd <= 15 && phoneCtx()) {
                phone = true;
                score = 0.6f;
            }
            if (phone) {
                if (paren && !(start > 0 && isAlnum(s[start - 1])))
                    emit(DetectorId::Phone, start, end, score);
                else
                    emit(DetectorId::Phone, b, end, score);
                return end;
            }
        }
        // Textual date "12 March 1985" / "12. März 1985" after one small group.
        if (kk == 1 && groups[0].len <= 2 && !plus && !paren) {
            std::size_t dateEnd = 0;
            if (textualDate(b, dateEnd)) {
                if (contextBefore(b, kDobContext, 40))
                    emit(DetectorId::DateOfBirth, b, dateEnd, 0.85f);
                return dateEnd;
            }
        }
    }
    return firstRunEnd;
}

// "12 March 1985", "12. März 1985", "March 12, 1985" starting at i.
bool Scan::textualDate(std::size_t i, std::size_t& end) const
{
    std::size_t p = i;
    if (isDigit(at(p))) {
        const std::size_t de = tokenEnd(s, p, kDigit);
        if (de - p > 2)
            return false;
        p = de;
        if (at(p) == '.')
            ++p;
        if (at(p) != ' ')
            return false;
        ++p;
        if (matchesAt(s, p, "de "))
            p += 3;
        const std::size_t me = letterRunEnd(s, p);
        if (!isMonthWord(s.substr(p, me - p)))
            return false;
        p = me;
        if (at(p) == '.')
            ++p;
        if (at(p) == ',')
            ++p;
        if (at(p) != ' ')
            return false;
        ++p;
        if (matchesAt(s, p, "de "))
            p += 3;
    } else {
        const std::size_t me = letterRunEnd(s, p);
        if (!isMonthWord(s.substr(p, me - p)))
            return false;
        p = me;
        if (at(p) == '.')
            ++p;
        if (at(p) != ' ')
            return false;
        ++p;
        const std::size_t de = tokenEnd(s, p, kDigit);
        if (de == p || de - p > 2)
            return false;
        p = de;
        if (matchesAt(s, p, "st") || matchesAt(s, p, "nd") || matchesAt(s, p, "rd") || matchesAt(s, p, "th"))
            p += 2;
        if (at(p) == ',')
            ++p;
        if (at(p) != ' ')
            return false;
        ++p;
    }
    const std::size_t ye = tokenEnd(s, p, kDigit);
    if (ye - p != 4 || isAlnum(at(ye)))
        return false;
    const int year = (s[p] - '0') * 1000 + (s[p + 1] - '0') * 100 + (s[p + 2] - '0') * 10 + (s[p + 3] - '0');
    if (year < 1900 || year > 2035)
        return false;
    end = ye;
    return true;
}

void Scan::email(std::size_t atPos)
{
    std::size_t b = atPos;
    // Internationalised local parts (RFC 6531): UTF-8 bytes count as letters.
    while (b > 0 && atPos - b < 64 &&
           ((cls(s[b - 1]) & kEmailLocal) || static_cast<unsigned char>(s[b - 1]) >= 0x80))
        --b;
    while (b < atPos && static_cast<unsigned char>(s[b]) >= 0x80 && static_cast<unsigned char>(s[b]) < 0xC0)
        ++b; // never start inside a UTF-8 sequence
    // ... nor with punctuation or spaces outside ASCII (NBSP, guillemets, U+2000-U+206F).
    for (bool trimmed = true; trimmed && b < atPos;) {
        const unsigned char c0 = static_cast<unsigned char>(s[b]);
        const unsigned char c1 = static_cast<unsigned char>(at(b + 1));
        trimmed = false;
        if (c0 == 0xC2 && c1 >= 0x80 && c1 <= 0xBF) {
            b += 2;
            trimmed = true;
        } else if (c0 == 0xE2 && (c1 == 0x80 || c1 == 0x81)) {
            b += 3;
            trimmed = true;
        }
    }
    if (b >= atPos)
        return;
    while (b < atPos && (s[b] == '.' || s[b] == '-' || s[b] == '+'))
        ++b;
    if (b == atPos)
        return;
    if (b > 0 && (isAlnum(s[b - 1]) || static_cast<unsigned char>(s[b - 1]) >= 0x80))
        return; // local part longer than 64 or glued to something else
    std::size_t e = atPos + 1, lastDot = 0;
    while (e < s.size() && (isAlnum(s[e]) || s[e] == '-' || s[e] == '.')) {
        if (s[e] == '.') {
            if (e == atPos + 1 || s[e - 1] == '.')
                break;
            lastDot = e;
        }
        ++e;
    }
    while (e > atPos + 1 && (s[e - 1] == '.' || s[e - 1] == '-'))
        --e;
    // The full stop of a sentence is not part of the domain: find the last dot inside it.
    lastDot = 0;
    for (std::size_t j = e; j > atPos + 1; --j) {
        if (s[j - 1] == '.') {
            lastDot = j - 1;
            break;
        }
    }
    if (lastDot == 0)
        return;
    // TLD: at least two letters.
    std::size_t tldLetters = 0;
    for (std::size_t j = lastDot + 1; j < e; ++j) {
        if (!isAlpha(s[j]))
            return;
        ++tldLetters;
    }
    if (tldLetters < 2)
        return;
    if (at(e) == ':' && !isDigit(at(e + 1)))
        return; // "git@github.com:org/repo.git" is an SSH remote, not a mailbox
    emit(DetectorId::Email, b, e, 0.95f);
}

std::size_t Scan::pem(std::size_t i)
{
    // "-----BEGIN [RSA |EC |DSA |OPENSSH |ENCRYPTED ]PRIVATE KEY-----"
    std::size_t p = i + 11;
    const std::size_t labelEnd = s.find("-----", p);
    if (labelEnd == std::string_view::npos || labelEnd - p > 40)
        return i + 5;
    const std::string_view label = s.substr(p, labelEnd - p);
    if (label.size() < 11 || label.substr(label.size() - 11) != "PRIVATE KEY")
        return labelEnd + 5;
    std::size_t bodyStart = labelEnd + 5;
    std::size_t endMarker = s.find("-----END", bodyStart);
    std::size_t bodyEnd;
    std::size_t end;
    if (endMarker != std::string_view::npos && endMarker - bodyStart <= 32768) {
        bodyEnd = endMarker;
        const std::size_t close = s.find("-----", endMarker + 8);
        end = close == std::string_view::npos ? endMarker + 8 : close + 5;
    } else {
        bodyEnd = bodyStart;
        while (bodyEnd < s.size() && ((cls(s[bodyEnd]) & (kB64 | kSpace)) || s[bodyEnd] == '=' ||
                                      s[bodyEnd] == ':' || s[bodyEnd] == '-' || s[bodyEnd] == ','))
            ++bodyEnd;
        end = bodyEnd;
    }
    std::size_t b64 = 0;
    bool dots = false;
    for (std::size_t j = bodyStart; j < bodyEnd; ++j) {
        if (cls(s[j]) & kB64)
            ++b64;
        if (s[j] == '.' && j + 2 < bodyEnd && s[j + 1] == '.' && s[j + 2] == '.')
            dots = true;
    }
    if (b64 < 64 || dots)
        return end; // documentation example ("MIIE...")
    emit(DetectorId::PrivateKey, i, end, 1.0f);
    return end;
}

std::size_t Scan::connectionString(std::size_t colon)
{
    // scheme://user:password@host
    std::size_t b = colon;
    while (b > 0 &&
           (isAlnum(s[b - 1]) || s[b - 1] == '+' || s[b - 1] == '.' || s[b - 1] == '-' || s[b - 1] == ':'))
        --b;
    if (colon - b < 2)
        return colon + 3;
    std::size_t u = colon + 3, userEnd = 0, atPos = 0;
    for (std::size_t j = u; j < s.size() && j - u < 256; ++j) {
        const char c = s[j];
        if ((cls(c) & kSpace) || c == '/' || c == '"' || c == '\'' || c == '?')
            break;
        if (c == ':' && userEnd == 0)
            userEnd = j;
        if (c == '@')
            atPos = j; // the last '@' before the host: passwords may contain '@'
    }
    if (userEnd == 0 || atPos == 0 || atPos < userEnd)
        return colon + 3;
    const std::string_view password = s.substr(userEnd + 1, atPos - userEnd - 1);
    std::size_t e = atPos + 1;
    while (e < s.size() &&
           (isAlnum(s[e]) || s[e] == '.' || s[e] == '-' || s[e] == '[' || s[e] == ']' || s[e] == ':'))
        ++e;
    if (e == atPos + 1)
        return colon + 3;
    // Include the path and query: they identify the database.
    while (e < s.size() && !(cls(s[e]) & kSpace) && s[e] != '"' && s[e] != '\'' && s[e] != '`' &&
           s[e] != '<' && s[e] != '>' && s[e] != ')')
        ++e;
    while (e > atPos + 1 && (s[e - 1] == '.' || s[e - 1] == ','))
        --e;
    if (password.size() < 3)
        return e;
    static constexpr std::string_view kFake[] = {"password",     "passwd",   "pass",    "pwd",
                                                 "secret",       "changeme", "pass123", "mypassword",
                                                 "yourpassword", "admin",    "root"};
    for (std::string_view f : kFake) {
        if (password.size() == f.size() && matchesAt(password, 0, f))
            return e;
    }
    const char c0 = password[0];
    if (c0 == '<' || c0 == '{' || c0 == '$' || c0 == '[' || c0 == '%' || c0 == '*')
        return e;
    if (looksLikePlaceholderPassword(password))
        return e;
    emit(DetectorId::ConnectionString, b, e, 0.95f);
    return e;
}

std::size_t Scan::ipv6(std::size_t i)
{
    std::size_t p = i, groups = 0;
    bool doubleColon = false, hasDigit = false;
    if (i > 0 && (isAlnum(s[i - 1]) || s[i - 1] == ':' || s[i - 1] == '.'))
        return i + 1;
    if (at(p) == ':' && at(p + 1) == ':') {
        doubleColon = true;
        p += 2;
    }
    std::size_t end = p;
    while (groups < 8) {
        const std::size_t ge = tokenEnd(s, p, kHex);
        if (ge == p || ge - p > 4)
            break;
        for (std::size_t j = p; j < ge; ++j)
            hasDigit = hasDigit || isDigit(s[j]);
        ++groups;
        end = ge;
        if (at(ge) == ':' && at(ge + 1) == ':') {
            if (doubleColon)
                break;
            doubleColon = true;
            p = ge + 2;
            end = p;
        } else if (at(ge) == ':' && (cls(at(ge + 1)) & kHex)) {
            p = ge + 1;
        } else {
            break;
        }
    }
    if (isAlnum(at(end)) || at(end) == '.' || (at(end) == ':' && !doubleColon))
        return end > i ? end : i + 1;
    const bool ok = hasDigit && ((groups == 8 && !doubleColon) || (doubleColon && groups >= 2 && groups < 8));
    if (ok)
        emit(DetectorId::IpAddress, i, end, 0.9f);
    return end > i ? end : i + 1;
}

std::size_t Scan::secretToken(std::size_t i, std::size_t prefixLen, std::size_t minBody, DetectorId id,
                              bool allowDash)
{
    // Stripe and GitHub classic bodies are alphanumeric; the others also use '-' and '_'.
    const std::size_t e = tokenEnd(s, i + prefixLen, allowDash ? std::uint8_t(kUrlSafe) : kAlnum);
    const std::string_view body = s.substr(i + prefixLen, e - i - prefixLen);
    if (body.size() < minBody || isAlnum(at(e)))
        return e;
    if (looksLikePlaceholder(body))
        return e;
    emit(id, i, e, 1.0f);
    return e;
}

std::size_t Scan::personName(std::size_t p)
{
    while (p < s.size() && (s[p] == ' ' || s[p] == ':' || s[p] == '\t'))
        ++p;
    const std::size_t b = p;
    std::size_t e = p, words = 0;
    while (words < 3 && p < s.size()) {
        const unsigned char c0 = static_cast<unsigned char>(s[p]);
        std::size_t we;
        if (isUpper(s[p])) {
            we = p + 1;
            while (we < s.size() && (isLower(s[we]) || static_cast<unsigned char>(s[we]) >= 0x80 ||
                                     s[we] == '\'' || (s[we] == '-' && isUpper(at(we + 1)))))
                ++we;
            if (we - p < 2 && at(we) != '.')
                break;
            if (at(we) == '.' && we - p == 1)
                ++we; // middle initial "J."
        } else if (c0 >= 0xE0 && c0 <= 0xEF) {
            // Devanagari and other BMP scripts without case: a run of multi-byte letters.
            we = p;
            while (we < s.size() && static_cast<unsigned char>(s[we]) >= 0x80)
                ++we;
        } else {
            break;
        }
        ++words;
        e = we;
        if (at(we) != ' ')
            break;
        p = we + 1;
    }
    if (words == 0)
        return b;
    emit(DetectorId::PersonName, b, e, 0.7f);
    return e;
}

std::size_t Scan::mrn(std::size_t from)
{
    // The identifier follows within a few bytes: "MRN: 00412345", "medical record number is A-88412".
    std::size_t p = from;
    const std::size_t limit = std::min(s.size(), from + 32);
    while (p < limit) {
        const char c = s[p];
        if (c == '\n')
            return from;
        if (isAlnum(c)) {
            const std::size_t e = tokenEnd(s, p, kAlnum | kUrlSafe);
            std::size_t digits = 0;
            for (std::size_t j = p; j < e; ++j)
                digits += isDigit(s[j]) ? 1 : 0;
            if (digits >= 4 && e - p >= 5 && e - p <= 16) {
                emit(DetectorId::MedicalRecordNumber, p, e, 0.85f);
                return e;
            }
            p = e;
            continue;
        }
        ++p;
    }
    return from;
}

// First letters of the keywords handled in Scan::word (titles, labels, MRN phrases).
constexpr std::array<bool, 256> makeKeywordFirst()
{
    std::array<bool, 256> t{};
    for (char c :
         std::string_view("MmDdNnPpHhFfSsCcKkEe")) // Mr Dr Name Patient Herr Frau Sr Client Kunde Employee
        t[static_cast<unsigned char>(c)] = true;
    return t;
}
constexpr std::array<bool, 256> kKeywordFirst = makeKeywordFirst();

std::size_t Scan::word(std::size_t i)
{
    const std::size_t n = s.size();
    const std::size_t ae = tokenEnd(s, i, kAlnum);
    const std::size_t alen = ae - i;
    const char c = s[i];

    // Secrets with known prefixes.
    switch (c) {
    case 'A':
        if (alen == 20 && (startsWith(s, i, "AKIA") || startsWith(s, i, "ASIA") || startsWith(s, i, "AGPA") ||
                           startsWith(s, i, "AIDA") || startsWith(s, i, "AROA") || startsWith(s, i, "ANPA") ||
                           startsWith(s, i, "ANVA") || startsWith(s, i, "AIPA"))) {
            bool upper = true;
            for (std::size_t j = i; j < ae; ++j)
                upper = upper && (isUpper(s[j]) || isDigit(s[j]));
            const std::string_view body = s.substr(i + 4, 16);
            if (upper && !looksLikePlaceholder(body) && s[ae] != '_' && s[ae] != '-')
                emit(DetectorId::AwsAccessKey, i, ae, 1.0f);
            return ae;
        }
        if (startsWith(s, i, "AIza")) {
            const std::size_t e = tokenEnd(s, i, kUrlSafe);
            if (e - i == 39 && !looksLikePlaceholder(s.substr(i + 4, 35)))
                emit(DetectorId::GoogleApiKey, i, e, 1.0f);
            return e;
        }
        break;
    case 'g':
        if (alen == 3 && at(ae) == '_' && (s[i + 1] == 'h') &&
            (s[i + 2] == 'p' || s[i + 2] == 'o' || s[i + 2] == 's' || s[i + 2] == 'u' || s[i + 2] == 'r'))
            return secretToken(i, 4, 36, DetectorId::GithubToken, false);
        if (startsWith(s, i, "github_pat_"))
            return secretToken(i, 11, 40, DetectorId::GithubToken, true);
        if (startsWith(s, i, "glpat-"))
            return secretToken(i, 6, 20, DetectorId::GitlabToken, true);
        break;
    case 's':
        if (startsWith(s, i, "sk-ant-"))
            return secretToken(i, 7, 32, DetectorId::AnthropicKey, true);
        if (startsWith(s, i, "sk-")) {
            std::size_t prefix = 3;
            for (std::string_view pre : {"sk-proj-", "sk-svcacct-", "sk-admin-", "sk-None-"}) {
                if (startsWith(s, i, pre))
                    prefix = pre.size();
            }
            return secretToken(i, prefix, 20, DetectorId::OpenaiKey, true);
        }
        if (startsWith(s, i, "sk_live_") || startsWith(s, i, "sk_test_"))
            return secretToken(i, 8, 16, DetectorId::StripeKey, false);
        break;
    case 'r':
        if (startsWith(s, i, "rk_live_") || startsWith(s, i, "rk_test_"))
            return secretToken(i, 8, 16, DetectorId::StripeKey, false);
        break;
    case 'x':
        if (alen == 4 && startsWith(s, i, "xox") && at(ae) == '-' &&
            (s[i + 3] == 'a' || s[i + 3] == 'b' || s[i + 3] == 'p' || s[i + 3] == 'r' || s[i + 3] == 's' ||
             s[i + 3] == 'e'))
            return secretToken(i, 5, 10, DetectorId::SlackToken, true);
        break;
    case 'e':
        if (startsWith(s, i, "eyJ")) {
            // header.payload.signature, base64url; the header must decode to JSON naming "alg".
            const std::size_t h = tokenEnd(s, i, kUrlSafe);
            if (at(h) != '.' || h - i < 10)
                return h;
            const std::size_t pl = tokenEnd(s, h + 1, kUrlSafe);
            if (pl - h - 1 < 4 || at(pl) != '.')
                return pl;
            const std::size_t sg = tokenEnd(s, pl + 1, kUrlSafe);
            if (isAlnum(at(sg)) || at(sg) == '.')
                return sg;
            // Decode the header (bounded) and look for "alg".
            char dec[384];
            std::size_t dn = 0;
            std::uint32_t acc = 0;
            int bits = 0;
            for (std::size_t j = i; j < h && dn < sizeof(dec); ++j) {
                const char ch = s[j];
                int v;
                if (ch >= 'A' && ch <= 'Z')
                    v = ch - 'A';
                else if (ch >= 'a' && ch <= 'z')
                    v = ch - 'a' + 26;
                else if (ch >= '0' && ch <= '9')
                    v = ch - '0' + 52;
                else if (ch == '-' || ch == '+')
                    v = 62;
                else
                    v = 63;
                acc = (acc << 6) | static_cast<std::uint32_t>(v);
                bits += 6;
                if (bits >= 8) {
                    bits -= 8;
                    dec[dn++] = static_cast<char>((acc >> bits) & 0xFF);
                }
            }
            const std::string_view header(dec, dn);
            if (header.find("\"alg\"") != std::string_view::npos &&
                !looksLikePlaceholder(s.substr(pl + 1, sg - pl - 1)) && sg - pl - 1 >= 16)
                emit(DetectorId::Jwt, i, sg, 1.0f);
            return sg;
        }
        break;
    default:
        break;
    }

    if (isUpper(c)) {
        // IBAN: CCkk then the BBAN, optionally in groups of four.
        if (isUpper(at(i + 1)) && isDigit(at(i + 2)) && isDigit(at(i + 3)) && on(DetectorId::Iban)) {
            char buf[36];
            std::size_t len = 0, p = i, last = i;
            while (p < n && len < 34) {
                if (isDigit(s[p]) || isUpper(s[p])) {
                    buf[len++] = s[p];
                    last = ++p;
                    if (len >= 15 && !isAlnum(at(p)) && ibanValid(std::string_view(buf, len))) {
                        emit(DetectorId::Iban, i, last, 1.0f);
                        return last;
                    }
                } else if (s[p] == ' ' && (len % 4) == 0 && p + 1 < n &&
                           (isDigit(s[p + 1]) || isUpper(s[p + 1]))) {
                    ++p;
                } else {
                    break;
                }
            }
        }
        // PAN: AAAAA9999A
        if (alen == 10 && inPanValid(s.substr(i, 10)) && s.substr(i, 10) != "ABCDE1234F" &&
            s.substr(i, 10) != "AAAPA1234A" && s[ae] != '_' && s[ae] != '-') {
            emit(DetectorId::InPan, i, ae, 0.95f);
            return ae;
        }
    }

    // Hex start of an IPv6 address ("fe80::1").
    if ((cls(c) & kHex) && alen <= 4 && at(ae) == ':' && (cls(at(ae + 1)) & kHex || at(ae + 1) == ':'))
        return std::max(ipv6(i), ae);

    // Context keywords that introduce a value.
    if (alen >= 2 && alen <= 15 && kKeywordFirst[static_cast<unsigned char>(c)]) {
        {
            const std::string_view w = s.substr(i, alen);
            auto is = [&](std::string_view lw) { return w.size() == lw.size() && matchesAt(w, 0, lw); };
            // Titles (case-sensitive capitalised form) followed by a capitalised word.
            if (isUpper(c) && alen <= 5 && (at(ae) == '.' || at(ae) == ' ')) {
                static constexpr std::string_view kTitles[] = {"Mr",   "Mrs",  "Ms",  "Miss", "Dr", "Prof",
                                                               "Herr", "Frau", "Mme", "Mlle", "Sr", "Sra",
                                                               "Srta", "Shri", "Smt", "Dott"};
                for (std::string_view t : kTitles) {
                    if (w == t) {
                        std::size_t p = ae;
                        if (at(p) == '.')
                            ++p;
                        if (at(p) == ' ' && isUpper(at(p + 1))) {
                            const std::size_t e = personName(p + 1);
                            return e > ae ? e : ae;
                        }
                        return ae;
                    }
                }
            }
            // "Name: ...", "Patient: ...", "Nom : ..." (label followed by a colon).
            std::size_t p = ae;
            if (at(p) == ' ')
                ++p;
            if (at(p) == ':' && alen <= 9 &&
                (is("name") || is("patient") || is("patientin") || is("nom") || is("nombre") ||
                 is("paciente") || is("client") || is("customer") || is("kunde") || is("employee") ||
                 is("fullname"))) {
                const std::size_t e = personName(p + 1);
                return e > ae ? e : ae;
            }
            if (is("my") && matchesAt(s, ae, " name is ")) {
                const std::size_t e = personName(ae + 9);
                return e > ae ? e : ae;
            }
            if (is("mrn") || is("mrnr")) {
                const std::size_t e = mrn(ae);
                return e > ae ? e : ae;
            }
            if (is("medical") && matchesAt(s, ae, " record")) {
                const std::size_t e = mrn(ae + 7);
                return e > ae ? e : ae + 7;
            }
            if (is("patient") &&
                (matchesAt(s, ae, " id") || matchesAt(s, ae, " number") || matchesAt(s, ae, " no"))) {
                const std::size_t e = mrn(ae + 3);
                return e > ae ? e : ae;
            }
            if (is("patientennummer") || is("krankenakte")) {
                const std::size_t e = mrn(ae);
                return e > ae ? e : ae;
            }
        }
    }
    // Month-first textual date ("March 12, 1985").
    if (alen >= 3 && alen <= 9 && (at(ae) == ' ' || at(ae) == '.') &&
        (isDigit(at(ae + 1)) || isDigit(at(ae + 2))) && isMonthWord(s.substr(i, alen))) {
        std::size_t dateEnd = 0;
        if (textualDate(i, dateEnd)) {
            if (contextBefore(i, kDobContext, 40))
                emit(DetectorId::DateOfBirth, i, dateEnd, 0.85f);
            return dateEnd;
        }
    }
    // A base64 token of exactly 40 bytes (an AWS secret key) is this alphanumeric run, or the run
    // continued by '+' or '/': anything else cannot be one, so skip re-reading the word.
    if (alen == 40 || (alen < 40 && (at(ae) == '+' || at(ae) == '/')))
        return std::max(awsSecret(i), std::max(ae, i + 1));
    return std::max(ae, i + 1);
}

// AWS secret access key: 40 base64 characters next to AWS context. Returns the token end when
// it is one, i otherwise.
std::size_t Scan::awsSecret(std::size_t i)
{
    if (on(DetectorId::AwsAccessKey)) {
        const std::size_t be = tokenEnd(s, i, kB64);
        if (be - i == 40 && at(be) != '=' && !isAlnum(at(be))) {
            const std::string_view body = s.substr(i, 40);
            bool up = false, low = false, dig = false;
            for (char ch : body) {
                up = up || isUpper(ch);
                low = low || isLower(ch);
                dig = dig || isDigit(ch);
            }
            if (up && low && dig && contextBefore(i, kAwsSecretContext, 64) && !looksLikePlaceholder(body)) {
                emit(DetectorId::AwsAccessKey, i, be, 0.9f);
                return be;
            }
        }
    }
    return i;
}

// Most words are lower-case prose. Such a word [b, e) can only start a finding (in word()) when
// it is glued to a token ('_' '-' ':' '+' '/' '.' after it: secret prefixes, IPv6, labels,
// base64), precedes a label colon or a number (labels, dates), or is one of the phrase keywords.
bool Scan::plainLowerWord(std::size_t b, std::size_t e) const
{
    const char next = at(e);
    if (next == '_' || next == '-' || next == ':' || next == '+' || next == '/' || next == '.')
        return false;
    if (next == ' ' && (at(e + 1) == ':' || isDigit(at(e + 1)) || isDigit(at(e + 2))))
        return false;
    const char c = s[b];
    if (c == 'm' || c == 'p' || c == 'k') {
        const std::string_view w = s.substr(b, e - b);
        return w != "my" && w != "mrn" && w != "mrnr" && w != "medical" && w != "patient" &&
               w != "patientennummer" && w != "krankenakte";
    }
    return true;
}

void Scan::run()
{
    const std::size_t n = s.size();
    const char* const p = s.data();
    std::size_t i = 0;
    while (i < n) {
        const char c = s[i];
        const std::uint8_t k = cls(c);
        if (k & kAlnum) {
            if (i > 0 && isAlnum(s[i - 1])) {
                ++i;
                continue;
            }
            if (!(k & kDigit)) {
                std::size_t ae = i + 1;
                std::uint8_t seen = k;
                for (std::uint8_t ka; ae < n && ((ka = kClass[static_cast<unsigned char>(p[ae])]) & kAlnum);
                     ++ae)
                    seen |= ka;
                if (!(seen & (kUpper | kDigit)) && plainLowerWord(i, ae)) {
                    i = ae;
                    continue;
                }
            }
            if (k & kDigit) {
                const std::size_t next = numeric(i);
                // Tokens that start with digits can still be AWS secrets; numeric() skipped over them.
                i = next > i ? next : i + 1;
            } else {
                const std::size_t next = word(i);
                i = next > i ? next : i + 1;
            }
            continue;
        }
        switch (c) {
        case '@':
            email(i);
            break;
        case '/':
            // A base64 AWS secret key may start with '/' or '+'.
            if (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '=' || s[i - 1] == '"' || s[i - 1] == '\'') &&
                isAlnum(at(i + 1))) {
                const std::size_t next = awsSecret(i);
                i = next > i ? next : i + 1;
                continue;
            }
            break;
        case '+':
        case '(':
            if (isDigit(at(i + 1)) && !(i > 0 && isAlnum(s[i - 1]))) {
                const std::size_t next = numeric(i);
                i = next > i ? next : i + 1;
                continue;
            }
            break;
        case '-':
            if (startsWith(s, i, "-----BEGIN ")) {
                const std::size_t next = pem(i);
                i = next > i ? next : i + 1;
                continue;
            }
            break;
        case ':':
            if (at(i + 1) == '/' && at(i + 2) == '/') {
                const std::size_t next = connectionString(i);
                i = next > i ? next : i + 1;
                continue;
            }
            if (at(i + 1) == ':' && (cls(at(i + 2)) & kHex) &&
                !(i > 0 && (isAlnum(s[i - 1]) || s[i - 1] == ':'))) {
                const std::size_t next = ipv6(i);
                i = next > i ? next : i + 1;
                continue;
            }
            break;
        default:
            break;
        }
        ++i;
    }
}

void resolveOverlaps(std::vector<Detection>& out, std::size_t from)
{
    auto first = out.begin() + static_cast<std::ptrdiff_t>(from);
    std::sort(first, out.end(), [](const Detection& a, const Detection& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    std::size_t w = from;
    for (std::size_t r = from; r < out.size(); ++r) {
        const Detection d = out[r];
        if (w > from && d.begin < out[w - 1].end) {
            Detection& prev = out[w - 1];
            const int pd = priority(d.id), pp = priority(prev.id);
            if (pd > pp || (pd == pp && d.end - d.begin > prev.end - prev.begin))
                prev = d;
            continue;
        }
        out[w++] = d;
    }
    out.resize(w);
}

} // namespace

Scanner::Scanner(ScannerOptions options) : m_options(options) {}

ScanOutcome Scanner::scan(std::string_view utf8, std::vector<Detection>& out) const noexcept
{
    ScanOutcome outcome;
    if (utf8.size() >= std::numeric_limits<std::uint32_t>::max()) {
        outcome.status = ScanStatus::InputTooLarge;
        return outcome;
    }
    const std::size_t from = out.size();
    try {
        DetectorSet nonInjection = m_options.enabled;
        nonInjection.reset(static_cast<std::size_t>(DetectorId::PromptInjection));
        if (nonInjection.any()) {
            Scan scan{utf8, m_options.enabled, out};
            scan.run();
            resolveOverlaps(out, from);
        }
        if (m_options.enabled.test(static_cast<std::size_t>(DetectorId::PromptInjection)))
            outcome.injectionScore = scanInjection(utf8, m_options.injectionThreshold, out);
        for (std::size_t i = from; i < out.size(); ++i) {
            if (out[i].begin >= out[i].end || out[i].end > utf8.size()) {
                outcome.status = ScanStatus::DetectorFailed;
                out.resize(from);
                return outcome;
            }
        }
    } catch (...) {
        // Out of memory while growing `out` or a scratch buffer: report, never propagate.
        out.resize(std::min(out.size(), from));
        outcome.status = ScanStatus::DetectorFailed;
    }
    return outcome;
}

} // namespace tollgate::guardrails
