#include "residency/residencypolicy.h"

#include <QCryptographicHash>

#include <bit>

namespace tollgate::residency {

bool isValidRegionName(std::string_view name)
{
    if (name.empty() || name.size() > 32)
        return false;
    for (char c : name) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

namespace {

// The defaults a data-protection officer can read in docs/residency.md. Identifiers that name a
// person or reach them are personal data under the GDPR; India's national identifiers fall under
// the DPDP Act; medical record numbers are US protected health information (HIPAA). "local" is a
// provider on the team's own machines: data that never leaves them satisfies every regime.
struct DefaultClass
{
    const char* detector;
    const char* dataClass;
};
constexpr DefaultClass kDefaultClasses[] = {
    {"email", "personal"},
    {"phone", "personal"},
    {"person_name", "personal"},
    {"date_of_birth", "personal"},
    {"ip_address", "personal"},
    {"payment_card", "financial"},
    {"iban", "financial"},
    {"aadhaar", "in_national_id"},
    {"in_pan", "in_national_id"},
    {"us_ssn", "us_national_id"},
    {"uk_nhs", "health_record"},
    {"medical_record_number", "phi"},
};

struct DefaultRegime
{
    const char* dataClass;
    std::initializer_list<const char*> regimes;
};
const DefaultRegime kDefaultRegimes[] = {
    {"personal", {"gdpr"}},
    {"financial", {"gdpr"}},
    {"in_national_id", {"dpdp"}},
    {"us_national_id", {}},
    {"health_record", {"gdpr"}},
    {"phi", {"hipaa"}},
};

struct DefaultRegions
{
    const char* regime;
    std::initializer_list<const char*> regions;
};
const DefaultRegions kDefaultRegions[] = {
    {"gdpr", {"eu", "local"}},
    {"dpdp", {"in", "local"}},
    {"hipaa", {"us", "local"}},
};

constexpr int kMaxNames = 64;

} // namespace

ResidencyPolicy::ResidencyPolicy()
{
    for (const DefaultRegions& r : kDefaultRegions) {
        const int i = regimeIndex(QString::fromLatin1(r.regime), true);
        for (const char* region : r.regions)
            m_regimeRegions[size_t(i)].append(QString::fromLatin1(region));
    }
    for (const DefaultRegime& r : kDefaultRegimes) {
        const int c = classIndex(QString::fromLatin1(r.dataClass), true);
        for (const char* regime : r.regimes)
            m_classRegimes[size_t(c)] |= NameSet(1) << regimeIndex(QString::fromLatin1(regime), false);
    }
    for (const DefaultClass& d : kDefaultClasses)
        m_detectors.push_back({QByteArray(d.detector), classIndex(QString::fromLatin1(d.dataClass), false)});
    finish();
}

int ResidencyPolicy::classIndex(const QString& name, bool create)
{
    const qsizetype i = m_classes.indexOf(name);
    if (i >= 0 || !create)
        return int(i);
    m_classes.append(name);
    m_classRegimes.push_back(0);
    return int(m_classes.size() - 1);
}

int ResidencyPolicy::regimeIndex(const QString& name, bool create)
{
    const qsizetype i = m_regimes.indexOf(name);
    if (i >= 0 || !create)
        return int(i);
    m_regimes.append(name);
    m_regimeRegions.emplace_back();
    return int(m_regimes.size() - 1);
}

std::optional<QString> ResidencyPolicy::finish()
{
    if (m_classes.size() > kMaxNames)
        return QStringLiteral("more than %1 data classes").arg(kMaxNames);
    if (m_regimes.size() > kMaxNames)
        return QStringLiteral("more than %1 regimes").arg(kMaxNames);
    if (m_version.isEmpty()) {
        QCryptographicHash hash(QCryptographicHash::Sha256);
        for (const DetectorClass& d : m_detectors)
            hash.addData(d.detector + '=' + (d.dataClass >= 0 ? m_classes[d.dataClass].toUtf8() : QByteArray()) + ';');
        for (qsizetype c = 0; c < m_classes.size(); ++c)
            hash.addData(m_classes[c].toUtf8() + ':' + regimeNames(m_classRegimes[size_t(c)]).join(',').toUtf8() + ';');
        for (qsizetype r = 0; r < m_regimes.size(); ++r)
            hash.addData(m_regimes[r].toUtf8() + '>' + m_regimeRegions[size_t(r)].join(',').toUtf8() + ';');
        m_version = QStringLiteral("sha256:") + QString::fromLatin1(hash.result().toHex().left(16));
    }
    return std::nullopt;
}

std::optional<ResidencyPolicy> ResidencyPolicy::compile(const ResidencyConfig& config, QString* error)
{
    ResidencyPolicy policy;
    policy.m_version.clear();
    auto fail = [&](const QString& message) -> std::optional<ResidencyPolicy> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    // Regions first: they declare the regimes (user-defined ones included).
    for (const ResidencyConfig::RegionRule& rule : config.regions) {
        const int i = policy.regimeIndex(rule.regime, true);
        policy.m_regimeRegions[size_t(i)] = rule.regions;
    }
    for (const ResidencyConfig::RegimeRule& rule : config.regimes) {
        const int c = policy.classIndex(rule.dataClass, true);
        NameSet set = 0;
        for (const QString& regime : rule.regimes) {
            const int r = policy.regimeIndex(regime, false);
            if (r < 0)
                return fail(QStringLiteral("data class %1 names regime %2, which no region rule declares")
                                .arg(rule.dataClass, regime));
            if (r >= kMaxNames)
                return fail(QStringLiteral("more than %1 regimes").arg(kMaxNames));
            set |= NameSet(1) << r;
        }
        policy.m_classRegimes[size_t(c)] = set;
    }
    for (const ResidencyConfig::ClassRule& rule : config.classes) {
        const QByteArray detector = rule.detector.toUtf8();
        const int c = rule.dataClass.isEmpty() ? -1 : policy.classIndex(rule.dataClass, true);
        bool found = false;
        for (DetectorClass& d : policy.m_detectors) {
            if (d.detector == detector) {
                d.dataClass = c;
                found = true;
            }
        }
        if (!found)
            policy.m_detectors.push_back({detector, c});
    }
    policy.m_version = config.version;
    if (auto problem = policy.finish())
        return fail(*problem);
    return policy;
}

void ResidencyPolicy::addDetection(std::string_view detector, Classification& into) const
{
    for (const DetectorClass& d : m_detectors) {
        if (d.dataClass >= 0 && std::string_view(d.detector.constData(), size_t(d.detector.size())) == detector) {
            into.classes |= NameSet(1) << d.dataClass;
            into.regimes |= m_classRegimes[size_t(d.dataClass)];
            return;
        }
    }
}

Classification ResidencyPolicy::classify(const std::vector<std::string_view>& detectors) const
{
    Classification result;
    for (std::string_view d : detectors)
        addDetection(d, result);
    return result;
}

RegionDecision ResidencyPolicy::allowedRegions(NameSet regimes, const QString& pinnedRegion) const
{
    RegionDecision decision;
    bool first = true;
    for (NameSet rest = regimes; rest; rest &= rest - 1) {
        const int r = std::countr_zero(rest);
        const QStringList& allowed = m_regimeRegions[size_t(r)];
        if (first) {
            decision.regions = allowed;
            first = false;
        } else {
            QStringList kept;
            for (const QString& region : decision.regions)
                if (allowed.contains(region))
                    kept.append(region);
            decision.regions = kept;
        }
    }
    decision.anyRegion = first;
    if (!pinnedRegion.isEmpty()) {
        if (decision.anyRegion || decision.regions.contains(pinnedRegion))
            decision.regions = QStringList{pinnedRegion};
        else
            decision.regions.clear();
        decision.anyRegion = false;
    }
    return decision;
}

bool ResidencyPolicy::regionAllowed(NameSet regimes, const QString& region) const
{
    for (NameSet rest = regimes; rest; rest &= rest - 1) {
        if (!m_regimeRegions[size_t(std::countr_zero(rest))].contains(region))
            return false;
    }
    return true;
}

QString ResidencyPolicy::regimeRefusing(NameSet regimes, const QString& region) const
{
    for (NameSet rest = regimes; rest; rest &= rest - 1) {
        const int r = std::countr_zero(rest);
        if (!m_regimeRegions[size_t(r)].contains(region))
            return m_regimes[r];
    }
    return {};
}

QStringList ResidencyPolicy::classNames(NameSet classes) const
{
    QStringList names;
    for (NameSet rest = classes; rest; rest &= rest - 1)
        names.append(m_classes[std::countr_zero(rest)]);
    return names;
}

QStringList ResidencyPolicy::regimeNames(NameSet regimes) const
{
    QStringList names;
    for (NameSet rest = regimes; rest; rest &= rest - 1)
        names.append(m_regimes[std::countr_zero(rest)]);
    return names;
}

std::vector<ResidencyPolicy::RegimeRegions> ResidencyPolicy::regimeTable() const
{
    std::vector<RegimeRegions> table;
    for (qsizetype r = 0; r < m_regimes.size(); ++r)
        table.push_back({m_regimes[r], m_regimeRegions[size_t(r)]});
    return table;
}

std::vector<std::pair<QString, QStringList>> ResidencyPolicy::classTable() const
{
    std::vector<std::pair<QString, QStringList>> table;
    for (qsizetype c = 0; c < m_classes.size(); ++c)
        table.emplace_back(m_classes[c], regimeNames(m_classRegimes[size_t(c)]));
    return table;
}

std::vector<std::pair<QString, QString>> ResidencyPolicy::detectorTable() const
{
    std::vector<std::pair<QString, QString>> table;
    for (const DetectorClass& d : m_detectors)
        table.emplace_back(QString::fromUtf8(d.detector), d.dataClass >= 0 ? m_classes[d.dataClass] : QString());
    return table;
}

} // namespace tollgate::residency
