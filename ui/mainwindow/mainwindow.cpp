#include "mainwindow/mainwindow.h"

#include <QLabel>
#include <QStatusBar>

namespace tollgate::ui {

MainWindow::MainWindow(const QString& listenAddress, QWidget* parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Tollgate"));
    auto* label = new QLabel(tr("The gateway is listening on %1.\nPoint OpenAI-compatible clients at "
                                "http://%1/v1.").arg(listenAddress),
                             this);
    label->setObjectName(QStringLiteral("gatewayAddressLabel"));
    label->setAlignment(Qt::AlignCenter);
    setCentralWidget(label);
    statusBar()->showMessage(tr("Gateway running on %1").arg(listenAddress));
    resize(720, 480);
}

} // namespace tollgate::ui
