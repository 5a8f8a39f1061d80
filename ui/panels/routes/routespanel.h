#pragma once

#include "config/gatewayconfig.h"

#include <QWidget>

class QTreeWidget;

namespace tollgate::ui {

// The routes of the running configuration: each alias with its targets in the order they are
// tried. Read-only for now; shows whatever snapshot setConfig() was last given.
class RoutesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RoutesPanel(QWidget* parent = nullptr);
    void setConfig(const ConfigSnapshot& config);

private:
    QTreeWidget* m_tree;
};

} // namespace tollgate::ui
