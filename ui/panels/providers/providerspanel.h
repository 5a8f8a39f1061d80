#pragma once

#include "config/gatewayconfig.h"

#include <QWidget>

class QTreeWidget;

namespace tollgate::ui {

// The providers of the running configuration: name, kind, region, base URL, and each model with
// its prices. Read-only for now; shows whatever snapshot setConfig() was last given.
class ProvidersPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ProvidersPanel(QWidget* parent = nullptr);
    void setConfig(const ConfigSnapshot& config);

private:
    QTreeWidget* m_tree;
};

} // namespace tollgate::ui
