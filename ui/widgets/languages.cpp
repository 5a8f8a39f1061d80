#include "widgets/languages.h"

#include "widgets/uiresources.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace tollgate::ui {

namespace {

struct Installed
{
    std::unique_ptr<QTranslator> tollgate;
    std::unique_ptr<QTranslator> qt;
    QString language = QStringLiteral("en");
};

Installed& installed()
{
    static Installed state;
    return state;
}

} // namespace

bool installLanguage(const QString& code)
{
    initResources();
    Installed& state = installed();
    std::unique_ptr<QTranslator> tollgate;
    std::unique_ptr<QTranslator> qt;
    if (code != QLatin1String("en")) {
        tollgate = std::make_unique<QTranslator>();
        if (!tollgate->load(QStringLiteral(":/i18n/tollgate_%1.qm").arg(code)))
            return false;
        qt = std::make_unique<QTranslator>();
        if (!qt->load(QLocale(code), QStringLiteral("qtbase"), QStringLiteral("_"),
                      QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            qt.reset(); // Qt's own dialogs stay in English; Tollgate's texts are still translated
    }
    if (state.tollgate)
        QCoreApplication::removeTranslator(state.tollgate.get());
    if (state.qt)
        QCoreApplication::removeTranslator(state.qt.get());
    state.tollgate = std::move(tollgate);
    state.qt = std::move(qt);
    if (state.qt)
        QCoreApplication::installTranslator(state.qt.get());
    if (state.tollgate)
        QCoreApplication::installTranslator(state.tollgate.get());
    state.language = code;
    return true;
}

QString currentLanguage()
{
    return installed().language;
}

} // namespace tollgate::ui
