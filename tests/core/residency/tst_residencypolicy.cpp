#include "residency/residencypolicy.h"

#include <QTest>

using namespace tollgate::residency;

class TestResidencyPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aadhaarGoesToIndiaOnly()
    {
        ResidencyPolicy policy;
        const Classification c = policy.classify({"aadhaar"});
        QCOMPARE(policy.classNames(c.classes), QStringList{QStringLiteral("in_national_id")});
        QCOMPARE(policy.regimeNames(c.regimes), QStringList{QStringLiteral("dpdp")});
        const RegionDecision d = policy.allowedRegions(c.regimes);
        QVERIFY(!d.anyRegion);
        QCOMPARE(d.regions, (QStringList{QStringLiteral("in"), QStringLiteral("local")}));
        QVERIFY(policy.regionAllowed(c.regimes, QStringLiteral("in")));
        QVERIFY(!policy.regionAllowed(c.regimes, QStringLiteral("eu")));
        QCOMPARE(policy.regimeRefusing(c.regimes, QStringLiteral("us")), QStringLiteral("dpdp"));
    }

    void personalDataUnderGdpr()
    {
        ResidencyPolicy policy;
        const Classification c = policy.classify({"email", "phone"});
        QCOMPARE(policy.classNames(c.classes), QStringList{QStringLiteral("personal")});
        QCOMPARE(policy.allowedRegions(c.regimes).regions, (QStringList{QStringLiteral("eu"), QStringLiteral("local")}));
    }

    void mixedRegimesIntersect()
    {
        ResidencyPolicy policy;
        const Classification c = policy.classify({"email", "aadhaar"});
        QCOMPARE(policy.regimeNames(c.regimes).size(), 2);
        QCOMPARE(policy.allowedRegions(c.regimes).regions, QStringList{QStringLiteral("local")});
    }

    void noDetectionsGoAnywhere()
    {
        ResidencyPolicy policy;
        const Classification c = policy.classify({"github_token", "no_such_detector"});
        QCOMPARE(c.regimes, NameSet(0));
        QVERIFY(policy.allowedRegions(c.regimes).anyRegion);
        QVERIFY(policy.regionAllowed(c.regimes, QStringLiteral("us")));
    }

    void pinNarrows()
    {
        ResidencyPolicy policy;
        const Classification none = policy.classify({});
        RegionDecision d = policy.allowedRegions(none.regimes, QStringLiteral("us"));
        QVERIFY(!d.anyRegion);
        QCOMPARE(d.regions, QStringList{QStringLiteral("us")});
        const Classification gdpr = policy.classify({"email"});
        QCOMPARE(policy.allowedRegions(gdpr.regimes, QStringLiteral("eu")).regions, QStringList{QStringLiteral("eu")});
        QVERIFY(policy.allowedRegions(gdpr.regimes, QStringLiteral("us")).regions.isEmpty());
    }

    void configOverridesAndUserRegimes()
    {
        ResidencyConfig config;
        config.regions.push_back({QStringLiteral("swiss_fadp"), {QStringLiteral("ch")}});
        config.regions.push_back({QStringLiteral("gdpr"), {QStringLiteral("eu")}});
        config.regimes.push_back({QStringLiteral("patient"), {QStringLiteral("swiss_fadp")}});
        config.classes.push_back({QStringLiteral("medical_record_number"), QStringLiteral("patient")});
        config.classes.push_back({QStringLiteral("ip_address"), QString()});
        QString error;
        auto policy = ResidencyPolicy::compile(config, &error);
        QVERIFY2(policy, qPrintable(error));
        Classification c = policy->classify({"medical_record_number"});
        QCOMPARE(policy->regimeNames(c.regimes), QStringList{QStringLiteral("swiss_fadp")});
        QCOMPARE(policy->allowedRegions(c.regimes).regions, QStringList{QStringLiteral("ch")});
        QCOMPARE(policy->classify({"ip_address"}).classes, NameSet(0));
        QCOMPARE(policy->allowedRegions(policy->classify({"email"}).regimes).regions, QStringList{QStringLiteral("eu")});
        QVERIFY(policy->version().startsWith(QLatin1String("sha256:")));
        QVERIFY(policy->version() != ResidencyPolicy().version());
    }

    void unknownRegimeRefused()
    {
        ResidencyConfig config;
        config.regimes.push_back({QStringLiteral("personal"), {QStringLiteral("ccpa")}});
        QString error;
        QVERIFY(!ResidencyPolicy::compile(config, &error));
        QVERIFY(error.contains(QLatin1String("ccpa")));
    }
};

QTEST_GUILESS_MAIN(TestResidencyPolicy)
#include "tst_residencypolicy.moc"
