#pragma once

#include <QWidget>

namespace tollgate::ui {

// The first page a newcomer sees when no provider is configured: what Tollgate does, and the two
// ways to begin — add a real provider, or try the built-in demo.
class WelcomePage : public QWidget
{
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);

Q_SIGNALS:
    void addProviderClicked();
    void tryDemoClicked();
};

} // namespace tollgate::ui
