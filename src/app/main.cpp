#include "chatclient.h"
#include "mainwindow.h"
#include "translations.h"

#include <QApplication>
#include <QIcon>
#include <QNetworkAccessManager>
#include <QProcessEnvironment>

namespace {
QString firstSet(const QProcessEnvironment &env, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        QString value = env.value(QString::fromLatin1(name));
        if (!value.isEmpty())
            return value;
    }
    return {};
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Confab"));
    QApplication::setOrganizationName(QStringLiteral("Confab"));
    QApplication::setApplicationVersion(QStringLiteral(CONFAB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("confab"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/confab.svg")));
    Translations::install(app);

    // Until provider settings exist, the provider comes from the environment, as for many tools.
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    ProviderConfig provider;
    provider.endpoint
        = Endpoint::fromUserInput(firstSet(env, { "CONFAB_BASE_URL", "OPENAI_BASE_URL" }));
    provider.apiKey = firstSet(env, { "CONFAB_API_KEY", "OPENAI_API_KEY" });

    QNetworkAccessManager network;
    ChatClient client(&network);
    client.setProvider(provider);

    MainWindow window(&client, firstSet(env, { "CONFAB_MODEL" }));
    window.show();
    return app.exec();
}
