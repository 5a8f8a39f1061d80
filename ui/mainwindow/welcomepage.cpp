#include "mainwindow/welcomepage.h"

#include "widgets/uiresources.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace tollgate::ui {

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("welcomePage"));
    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);

    auto* icon = new QLabel(this);
    icon->setPixmap(applicationIcon().pixmap(96, 96));
    icon->setAlignment(Qt::AlignCenter);
    outer->addWidget(icon);

    auto* title = new QLabel(tr("Welcome to Tollgate"), this);
    title->setObjectName(QStringLiteral("welcomeTitle"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);
    outer->addWidget(title);

    auto* text = new QLabel(tr("Tollgate sits between your apps and LLM providers. Point an OpenAI client at it "
                               "and see which provider answered each request, how fast, and what it cost.\n\n"
                               "No provider is configured yet."),
                            this);
    text->setObjectName(QStringLiteral("welcomeText"));
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    text->setMaximumWidth(560);
    auto* textRow = new QHBoxLayout;
    textRow->addStretch(1);
    textRow->addWidget(text);
    textRow->addStretch(1);
    outer->addLayout(textRow);

    auto* addProvider = new QPushButton(navigationIcon(QStringLiteral("providers")), tr("Add a provider"), this);
    addProvider->setObjectName(QStringLiteral("welcomeAddProviderButton"));
    auto* tryDemo = new QPushButton(navigationIcon(QStringLiteral("demo")), tr("Try the demo"), this);
    tryDemo->setObjectName(QStringLiteral("welcomeTryDemoButton"));
    tryDemo->setDefault(true);
    // Focus lands on the page's main action, not on the navigation (whose focus-in would select
    // its first panel and hide this page).
    setFocusProxy(tryDemo);
    for (QPushButton* button : {addProvider, tryDemo}) {
        button->setIconSize(QSize(24, 24));
        button->setMinimumHeight(44);
        button->setMinimumWidth(180);
    }
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(addProvider);
    buttons->addSpacing(16);
    buttons->addWidget(tryDemo);
    buttons->addStretch(1);
    outer->addLayout(buttons);

    auto* demoNote = new QLabel(tr("The demo runs three simulated providers (demo-eu, demo-in, demo-us) on this "
                                   "computer and sends them traffic through the gateway. Nothing leaves this "
                                   "computer, and the demo providers are gone when you stop it."),
                                this);
    demoNote->setObjectName(QStringLiteral("demoNote"));
    demoNote->setWordWrap(true);
    demoNote->setAlignment(Qt::AlignCenter);
    demoNote->setMaximumWidth(560);
    demoNote->setEnabled(false);
    auto* noteRow = new QHBoxLayout;
    noteRow->addStretch(1);
    noteRow->addWidget(demoNote);
    noteRow->addStretch(1);
    outer->addLayout(noteRow);
    outer->addStretch(2);

    connect(addProvider, &QPushButton::clicked, this, &WelcomePage::addProviderClicked);
    connect(tryDemo, &QPushButton::clicked, this, &WelcomePage::tryDemoClicked);
}

} // namespace tollgate::ui
