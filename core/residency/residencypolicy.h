#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace tollgate::residency {

// A processing region's name as providers, keys and the x-tollgate-region header give it:
// lowercase letters, digits and '-', at most 32 characters ("eu", "in", "us-east").
bool isValidRegionName(std::string_view name);

// The residency section of the config as written (plain data; the loader fills it). Each list
// overrides the built-in default for the names it mentions and keeps the defaults for the rest.
struct ResidencyConfig
{
    struct ClassRule
    {
        QString detector;  // a detector id, e.g. "aadhaar"
        QString dataClass; // e.g. "in_national_id"; empty: the detector maps to no class
    };
    struct RegimeRule
    {
        QString dataClass;
        QStringList regimes; // empty: data of this class falls under no regime
    };
    struct RegionRule
    {
        QString regime;
        QStringList regions; // where data under this regime may be processed
    };
    std::vector<ClassRule> classes;
    std::vector<RegimeRule> regimes;
    std::vector<RegionRule> regions;
    QString version; // policy version recorded in the ledger; empty: derived from the content
};

// A set of data classes or regimes, as bits of the policy's own numbering (at most 64 of each).
using NameSet = std::uint64_t;

// What one request's detections amount to.
struct Classification
{
    NameSet classes = 0;
    NameSet regimes = 0;
};

// Where a request may go, and if nowhere, why.
struct RegionDecision
{
    bool anyRegion = true;   // no regime and no pin restricts it
    QStringList regions;     // the allowed regions when !anyRegion (may be empty: nowhere)
};

// The compiled residency policy: detector -> data class -> regimes -> allowed regions. Built once
// per configuration, immutable, shared by every worker thread.
class ResidencyPolicy
{
public:
    // The built-in defaults only.
    ResidencyPolicy();
    // Defaults overridden by the config. Unknown regimes in `regions` are new, user-defined
    // regimes. Fails on more than 64 classes or regimes, or a regime no region rule covers.
    static std::optional<ResidencyPolicy> compile(const ResidencyConfig& config, QString* error);

    // Classifies a request from the detector ids that fired (names as the detectors report them).
    Classification classify(const std::vector<std::string_view>& detectors) const;
    // Adds the classes (and their regimes) of one detector.
    void addDetection(std::string_view detector, Classification& into) const;

    // The regions a request with these regimes may go to, narrowed by a pinned region (from the
    // key or the request) when there is one.
    RegionDecision allowedRegions(NameSet regimes, const QString& pinnedRegion = {}) const;
    bool regionAllowed(NameSet regimes, const QString& region) const;
    // The first regime in `regimes` that does not allow `region` (for the error message).
    QString regimeRefusing(NameSet regimes, const QString& region) const;

    QStringList classNames(NameSet classes) const;
    QStringList regimeNames(NameSet regimes) const;
    const QString& version() const { return m_version; }

    // The regimes and the regions each allows, in a stable order (for panels and docs).
    struct RegimeRegions
    {
        QString regime;
        QStringList regions;
    };
    std::vector<RegimeRegions> regimeTable() const;
    // data class -> regimes, and detector -> data class, in a stable order.
    std::vector<std::pair<QString, QStringList>> classTable() const;
    std::vector<std::pair<QString, QString>> detectorTable() const;

private:
    struct DetectorClass
    {
        QByteArray detector;
        int dataClass = -1;
    };
    int classIndex(const QString& name, bool create);
    int regimeIndex(const QString& name, bool create);
    std::optional<QString> finish();

    std::vector<DetectorClass> m_detectors;
    QStringList m_classes;
    std::vector<NameSet> m_classRegimes; // per class
    QStringList m_regimes;
    std::vector<QStringList> m_regimeRegions; // per regime
    QString m_version;
};

} // namespace tollgate::residency
