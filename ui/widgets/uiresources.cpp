#include "widgets/uiresources.h"

// Q_INIT_RESOURCE declares a function at namespace scope, so it is called from here.
static void initTollgateUiResources()
{
    Q_INIT_RESOURCE(tollgate_icons);
}

namespace tollgate::ui {

void initResources()
{
    static const bool once = [] {
        initTollgateUiResources();
        return true;
    }();
    Q_UNUSED(once);
}

QIcon navigationIcon(const QString& name)
{
    initResources();
    return QIcon(QStringLiteral(":/icons/nav/%1.svg").arg(name));
}

QIcon applicationIcon()
{
    initResources();
    QIcon icon(QStringLiteral(":/icons/app/org.tollgate.Tollgate.svg"));
    icon.addFile(QStringLiteral(":/icons/app/org.tollgate.Tollgate.png"), QSize(256, 256));
    return icon;
}

} // namespace tollgate::ui
