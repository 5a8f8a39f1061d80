#pragma once

#include <QMainWindow>

namespace tollgate::ui {

// The desktop manager's window. For now it shows the gateway's address and state; the panels
// (dashboard, requests, providers, routes ...) come with the desktop manager.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const QString& listenAddress, QWidget* parent = nullptr);
};

} // namespace tollgate::ui
