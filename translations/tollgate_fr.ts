<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>tollgate::ui</name>
    <message>
        <source>Provider '%1' has its key written in the config; there is no secret store to move it to</source>
        <translation>La clé du fournisseur « %1 » est écrite dans la configuration ; aucun coffre de secrets ne peut la recevoir</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::DashboardPanel</name>
    <message>
        <source>Dashboard</source>
        <translation>Tableau de bord</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>Période :</translation>
    </message>
    <message>
        <source>15 min</source>
        <translation>15 min</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 h</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 h</translation>
    </message>
    <message>
        <source>Requests today</source>
        <translation>Requêtes aujourd’hui</translation>
    </message>
    <message>
        <source>Errors today</source>
        <translation>Erreurs aujourd’hui</translation>
    </message>
    <message>
        <source>Tokens today (in / out)</source>
        <translation>Jetons aujourd’hui (entrée / sortie)</translation>
    </message>
    <message>
        <source>Spend today</source>
        <translation>Dépenses aujourd’hui</translation>
    </message>
    <message>
        <source>Requests per second by provider</source>
        <translation>Requêtes par seconde par fournisseur</translation>
    </message>
    <message>
        <source>req/s</source>
        <translation>req/s</translation>
    </message>
    <message>
        <source>Share of requests</source>
        <translation>Part des requêtes</translation>
    </message>
    <message>
        <source>Latency: p50 solid, p95 dashed</source>
        <translation>Latence : p50 en trait plein, p95 en pointillés</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Error rate</source>
        <translation>Taux d’erreur</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>Spend per second</source>
        <translation>Dépenses par seconde</translation>
    </message>
    <message>
        <source>amount</source>
        <translation>montant</translation>
    </message>
    <message>
        <source>errors</source>
        <translation>erreurs</translation>
    </message>
    <message>
        <source>gateway</source>
        <translation>passerelle</translation>
    </message>
    <message>
        <source>%1 p50</source>
        <translation>%1 p50</translation>
    </message>
    <message>
        <source>%1 p95</source>
        <translation>%1 p95</translation>
    </message>
    <message>
        <source>%1 (%2%)</source>
        <translation>%1 (%2 %)</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>under 1%</source>
        <translation>moins de 1 %</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>Spend per 10 seconds</source>
        <translation>Dépenses par 10 secondes</translation>
    </message>
    <message>
        <source>Spend per minute</source>
        <translation>Dépenses par minute</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::MainWindow</name>
    <message>
        <source>the demo could not start: %1</source>
        <translation>la démo n’a pas pu démarrer : %1</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Tableau de bord</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requêtes</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>Fournisseurs</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>Routes</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Tollgate</source>
        <translation>Tollgate</translation>
    </message>
    <message>
        <source>Start gateway</source>
        <translation>Démarrer la passerelle</translation>
    </message>
    <message>
        <source>Stop gateway</source>
        <translation>Arrêter la passerelle</translation>
    </message>
    <message>
        <source>Run the demo</source>
        <translation>Lancer la démo</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>Show Tollgate</source>
        <translation>Afficher Tollgate</translation>
    </message>
    <message>
        <source>&amp;Gateway</source>
        <translation>&amp;Passerelle</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Passerelle</translation>
    </message>
    <message>
        <source>&lt;b&gt;Demo mode&lt;/b&gt; — simulated providers demo-eu, demo-in and demo-us with generated traffic. Nothing leaves this computer.</source>
        <translation>&lt;b&gt;Mode démo&lt;/b&gt; — fournisseurs simulés demo-eu, demo-in et demo-us avec un trafic généré. Rien ne quitte cet ordinateur.</translation>
    </message>
    <message>
        <source>Stop the demo</source>
        <translation>Arrêter la démo</translation>
    </message>
    <message>
        <source>no configuration</source>
        <translation>aucune configuration</translation>
    </message>
    <message>
        <source>Gateway stopped</source>
        <translation>Passerelle arrêtée</translation>
    </message>
    <message>
        <source>Gateway starting…</source>
        <translation>Démarrage de la passerelle…</translation>
    </message>
    <message>
        <source>Gateway running on http://%1 — point OpenAI clients at http://%1/v1</source>
        <translation>Passerelle active sur http://%1 — pointez les clients OpenAI vers http://%1/v1</translation>
    </message>
    <message>
        <source>Gateway failed to start: %1</source>
        <translation>La passerelle n’a pas pu démarrer : %1</translation>
    </message>
    <message>
        <source>Spend today: none</source>
        <translation>Dépenses aujourd’hui : aucune</translation>
    </message>
    <message>
        <source>Spend today: %1</source>
        <translation>Dépenses aujourd’hui : %1</translation>
    </message>
    <message>
        <source>Tollgate
%1
Spend today: %2</source>
        <translation>Tollgate
%1
Dépenses aujourd’hui : %2</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ProviderDialog</name>
    <message>
        <source>Test connection</source>
        <translation>Tester la connexion</translation>
    </message>
    <message>
        <source>Add provider</source>
        <translation>Ajouter un fournisseur</translation>
    </message>
    <message>
        <source>Edit provider %1</source>
        <translation>Modifier le fournisseur %1</translation>
    </message>
    <message>
        <source>e.g. openai</source>
        <translation>p. ex. openai</translation>
    </message>
    <message>
        <source>e.g. eu, us, in, local</source>
        <translation>p. ex. eu, us, in, local</translation>
    </message>
    <message>
        <source>Current key: %1</source>
        <translation>Clé actuelle : %1</translation>
    </message>
    <message>
        <source>leave empty to keep the current key</source>
        <translation>laisser vide pour garder la clé actuelle</translation>
    </message>
    <message>
        <source>The key is saved to the secret store and not shown again.</source>
        <translation>La clé est enregistrée dans le coffre de secrets et ne sera plus affichée.</translation>
    </message>
    <message>
        <source>API key, or env:NAME; empty for none</source>
        <translation>Clé d’API, ou env:NOM ; vide pour aucune</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nom</translation>
    </message>
    <message>
        <source>&amp;Kind</source>
        <translation>&amp;Type</translation>
    </message>
    <message>
        <source>&amp;Base URL</source>
        <translation>URL de &amp;base</translation>
    </message>
    <message>
        <source>&amp;Region</source>
        <translation>&amp;Région</translation>
    </message>
    <message>
        <source>API &amp;key</source>
        <translation>&amp;Clé d’API</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Input / 1M tokens</source>
        <translation>Entrée / 1 M jetons</translation>
    </message>
    <message>
        <source>Output / 1M tokens</source>
        <translation>Sortie / 1 M jetons</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Devise</translation>
    </message>
    <message>
        <source>Embeddings</source>
        <translation>Embeddings</translation>
    </message>
    <message>
        <source>Add model</source>
        <translation>Ajouter un modèle</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>Retirer le modèle</translation>
    </message>
    <message>
        <source>Models and prices (per million tokens)</source>
        <translation>Modèles et prix (par million de jetons)</translation>
    </message>
    <message>
        <source>model #%1</source>
        <translation>modèle nº %1</translation>
    </message>
    <message>
        <source>model '%1'</source>
        <translation>modèle « %1 »</translation>
    </message>
    <message>
        <source>The name of %1 is empty</source>
        <translation>Le nom de %1 est vide</translation>
    </message>
    <message>
        <source>The price of %1 must be a decimal number such as 0.15 (at most 6 decimals)</source>
        <translation>Le prix de %1 doit être un nombre décimal comme 0.15 (6 décimales au plus)</translation>
    </message>
    <message>
        <source>The currency of %1 must be an ISO 4217 code such as USD, EUR, INR</source>
        <translation>La devise de %1 doit être un code ISO 4217 comme USD, EUR, INR</translation>
    </message>
    <message>
        <source>Add at least one model</source>
        <translation>Ajoutez au moins un modèle</translation>
    </message>
    <message>
        <source>env:%1 is not an environment variable name</source>
        <translation>env:%1 n’est pas un nom de variable d’environnement</translation>
    </message>
    <message>
        <source>A provider named '%1' already exists</source>
        <translation>Un fournisseur nommé « %1 » existe déjà</translation>
    </message>
    <message>
        <source>Ready to save.</source>
        <translation>Prêt à enregistrer.</translation>
    </message>
    <message>
        <source>Enter an http:// or https:// base URL first.</source>
        <translation>Saisissez d’abord une URL de base http:// ou https://.</translation>
    </message>
    <message>
        <source>Testing %1 …</source>
        <translation>Test de %1 …</translation>
    </message>
    <message numerus="yes">
        <source>Connected: HTTP %1, %n model(s) listed</source>
        <translation>
            <numerusform>Connecté : HTTP %1, %n modèle listé</numerusform>
            <numerusform>Connecté : HTTP %1, %n modèles listés</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed: HTTP %1 — the provider refused the key</source>
        <translation>Échec : HTTP %1 — le fournisseur a refusé la clé</translation>
    </message>
    <message>
        <source>Failed: HTTP %1</source>
        <translation>Échec : HTTP %1</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Échec : %1</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ProviderTableModel</name>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>•••••••• (%1)</source>
        <translation>•••••••• (%1)</translation>
    </message>
    <message>
        <source>missing (%1)</source>
        <translation>manquante (%1)</translation>
    </message>
    <message>
        <source>•••••••• (in the config file)</source>
        <translation>•••••••• (dans le fichier de configuration)</translation>
    </message>
    <message>
        <source>%1: in %2, out %3 %4 per million tokens</source>
        <translation>%1 : entrée %2, sortie %3 %4 par million de jetons</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>URL de base</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Clé d’API</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modèles</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ProvidersPanel</name>
    <message>
        <source>Add provider…</source>
        <translation>Ajouter un fournisseur…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>Fournisseurs</translation>
    </message>
    <message>
        <source>No secret store: new API keys cannot be saved.</source>
        <translation>Aucun coffre de secrets : les nouvelles clés d’API ne peuvent pas être enregistrées.</translation>
    </message>
    <message>
        <source>API keys are kept in the system keychain.</source>
        <translation>Les clés d’API sont conservées dans le trousseau du système.</translation>
    </message>
    <message>
        <source>Provider %1 was not saved: there is no secret store for its key.</source>
        <translation>Le fournisseur %1 n’a pas été enregistré : aucun coffre de secrets pour sa clé.</translation>
    </message>
    <message>
        <source>Provider %1 was not saved: %2</source>
        <translation>Le fournisseur %1 n’a pas été enregistré : %2</translation>
    </message>
    <message>
        <source>Provider %1 added.</source>
        <translation>Fournisseur %1 ajouté.</translation>
    </message>
    <message>
        <source>Provider %1 saved.</source>
        <translation>Fournisseur %1 enregistré.</translation>
    </message>
    <message>
        <source>Provider %1 was not removed: %2</source>
        <translation>Le fournisseur %1 n’a pas été retiré : %2</translation>
    </message>
    <message>
        <source>Provider %1 removed.</source>
        <translation>Fournisseur %1 retiré.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Non enregistré : %1</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::RequestLogModel</name>
    <message>
        <source>client left</source>
        <translation>client parti</translation>
    </message>
    <message>
        <source>(gateway)</source>
        <translation>(passerelle)</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latence</translation>
    </message>
    <message>
        <source>Tokens in / out</source>
        <translation>Jetons entrée / sortie</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Point de terminaison</translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation>ID de requête</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::RequestsPanel</name>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requêtes</translation>
    </message>
    <message>
        <source>All providers</source>
        <translation>Tous les fournisseurs</translation>
    </message>
    <message>
        <source>All models</source>
        <translation>Tous les modèles</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Tout statut</translation>
    </message>
    <message>
        <source>Success (2xx, 3xx)</source>
        <translation>Succès (2xx, 3xx)</translation>
    </message>
    <message>
        <source>Client errors (4xx)</source>
        <translation>Erreurs client (4xx)</translation>
    </message>
    <message>
        <source>Server errors (5xx)</source>
        <translation>Erreurs serveur (5xx)</translation>
    </message>
    <message>
        <source>Client left</source>
        <translation>Client parti</translation>
    </message>
    <message>
        <source>Search id, model, error…</source>
        <translation>Rechercher un ID, un modèle, une erreur…</translation>
    </message>
    <message>
        <source>Request log not available: %1</source>
        <translation>Journal des requêtes indisponible : %1</translation>
    </message>
    <message>
        <source>No requests yet</source>
        <translation>Aucune requête pour l’instant</translation>
    </message>
    <message>
        <source>%1 of the latest %2 requests shown</source>
        <translation>%1 des %2 dernières requêtes affichées</translation>
    </message>
    <message>
        <source>(gateway)</source>
        <translation>(passerelle)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
    <message>
        <source>Select a request to see its details.</source>
        <translation>Sélectionnez une requête pour voir ses détails.</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Request ID</source>
        <translation>ID de requête</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Requête</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Point de terminaison</translation>
    </message>
    <message>
        <source>Model requested</source>
        <translation>Modèle demandé</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <source>Model used</source>
        <translation>Modèle utilisé</translation>
    </message>
    <message>
        <source>Upstream attempts</source>
        <translation>Tentatives en amont</translation>
    </message>
    <message>
        <source>Streamed</source>
        <translation>Diffusé en flux</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>client left before the response</source>
        <translation>client parti avant la réponse</translation>
    </message>
    <message>
        <source>Total time</source>
        <translation>Durée totale</translation>
    </message>
    <message>
        <source>Upstream time</source>
        <translation>Durée en amont</translation>
    </message>
    <message>
        <source>Gateway overhead</source>
        <translation>Surcoût de la passerelle</translation>
    </message>
    <message>
        <source>Time to first byte</source>
        <translation>Délai jusqu’au premier octet</translation>
    </message>
    <message>
        <source>Tokens in / out</source>
        <translation>Jetons entrée / sortie</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <source>Error type</source>
        <translation>Type d’erreur</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Stopped by</source>
        <translation>Arrêté par</translation>
    </message>
    <message>
        <source>Client disconnected</source>
        <translation>Client déconnecté</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::RouteTargetModel</name>
    <message>
        <source>Relative share for weighted strategies (1-1000); targets are tried in the listed order</source>
        <translation>Part relative pour les stratégies pondérées (1-1000) ; les cibles sont essayées dans l’ordre de la liste</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Ordre</translation>
    </message>
    <message>
        <source>Target (provider/model)</source>
        <translation>Cible (fournisseur/modèle)</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Poids</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::RoutesPanel</name>
    <message>
        <source>Add route</source>
        <translation>Ajouter une route</translation>
    </message>
    <message>
        <source>Remove route</source>
        <translation>Retirer la route</translation>
    </message>
    <message>
        <source>Add target</source>
        <translation>Ajouter une cible</translation>
    </message>
    <message>
        <source>Remove target</source>
        <translation>Retirer la cible</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Monter</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Descendre</translation>
    </message>
    <message>
        <source>Save and apply</source>
        <translation>Enregistrer et appliquer</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importer…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exporter…</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>Routes</translation>
    </message>
    <message>
        <source>Alias / target</source>
        <translation>Alias / cible</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Ordre</translation>
    </message>
    <message>
        <source>&amp;Alias</source>
        <translation>&amp;Alias</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <source>Import configuration</source>
        <translation>Importer une configuration</translation>
    </message>
    <message>
        <source>YAML or JSON (*.yaml *.yml *.json);;All files (*)</source>
        <translation>YAML ou JSON (*.yaml *.yml *.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Export configuration</source>
        <translation>Exporter la configuration</translation>
    </message>
    <message>
        <source>YAML (*.yaml *.yml)</source>
        <translation>YAML (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>No unsaved changes.</source>
        <translation>Aucune modification non enregistrée.</translation>
    </message>
    <message>
        <source>Valid; not saved yet.</source>
        <translation>Valide ; pas encore enregistré.</translation>
    </message>
    <message>
        <source>Add route %1</source>
        <translation>Ajouter la route %1</translation>
    </message>
    <message>
        <source>Remove route %1</source>
        <translation>Retirer la route %1</translation>
    </message>
    <message>
        <source>Rename route</source>
        <translation>Renommer la route</translation>
    </message>
    <message>
        <source>Add target %1</source>
        <translation>Ajouter la cible %1</translation>
    </message>
    <message>
        <source>Move target %1/%2</source>
        <translation>Déplacer la cible %1/%2</translation>
    </message>
    <message>
        <source>Change weight</source>
        <translation>Modifier le poids</translation>
    </message>
    <message>
        <source>Not saved: fix the problems above first.</source>
        <translation>Non enregistré : corrigez d’abord les problèmes ci-dessus.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Non enregistré : %1</translation>
    </message>
    <message>
        <source>Applied to the gateway.</source>
        <translation>Appliqué à la passerelle.</translation>
    </message>
    <message>
        <source>Saved to %1 and applied to the gateway.</source>
        <translation>Enregistré dans %1 et appliqué à la passerelle.</translation>
    </message>
    <message>
        <source>%1 was not imported: it has errors (listed above).</source>
        <translation>%1 n’a pas été importé : il contient des erreurs (listées ci-dessus).</translation>
    </message>
    <message>
        <source>%1 was not imported: %2</source>
        <translation>%1 n’a pas été importé : %2</translation>
    </message>
    <message>
        <source>Imported %1 and applied it to the gateway.</source>
        <translation>%1 importé et appliqué à la passerelle.</translation>
    </message>
    <message>
        <source>Not exported: %1</source>
        <translation>Non exporté : %1</translation>
    </message>
    <message>
        <source>Exported to %1 (API keys as references only).</source>
        <translation>Exporté vers %1 (clés d’API en références seulement).</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::SettingsPanel</name>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Passerelle</translation>
    </message>
    <message>
        <source>Listen address</source>
        <translation>Adresse d’écoute</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Dossier des données</translation>
    </message>
    <message>
        <source>The listen address and the data folder take effect when the gateway starts.</source>
        <translation>L’adresse d’écoute et le dossier des données s’appliquent au démarrage de la passerelle.</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>Affichage</translation>
    </message>
    <message>
        <source>Display currency</source>
        <translation>Devise d’affichage</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>System tray</source>
        <translation>Zone de notification</translation>
    </message>
    <message>
        <source>Start in the tray (the window stays hidden until you open it)</source>
        <translation>Démarrer dans la zone de notification (la fenêtre reste cachée jusqu’à ce que vous l’ouvriez)</translation>
    </message>
    <message>
        <source>Keep the gateway running in the tray when the window is closed</source>
        <translation>Garder la passerelle active dans la zone de notification quand la fenêtre est fermée</translation>
    </message>
    <message>
        <source>This desktop has no system tray: these take effect where one is available.</source>
        <translation>Ce bureau n’a pas de zone de notification : ces options s’appliquent là où il y en a une.</translation>
    </message>
    <message>
        <source>“%1” is not an IP address (or localhost).</source>
        <translation>« %1 » n’est pas une adresse IP (ni localhost).</translation>
    </message>
    <message>
        <source>“%1” is not an ISO 4217 currency code (e.g. EUR, USD, INR).</source>
        <translation>« %1 » n’est pas un code de devise ISO 4217 (p. ex. EUR, USD, INR).</translation>
    </message>
    <message>
        <source>the listen address</source>
        <translation>l’adresse d’écoute</translation>
    </message>
    <message>
        <source>the data folder</source>
        <translation>le dossier des données</translation>
    </message>
    <message>
        <source>Restart the gateway (Stop, then Start) to apply %1.</source>
        <translation>Redémarrez la passerelle (Arrêter, puis Démarrer) pour appliquer %1.</translation>
    </message>
    <message>
        <source> and </source>
        <translation> et </translation>
    </message>
</context>
<context>
    <name>tollgate::ui::WelcomePage</name>
    <message>
        <source>Welcome to Tollgate</source>
        <translation>Bienvenue dans Tollgate</translation>
    </message>
    <message>
        <source>Tollgate sits between your apps and LLM providers. Point an OpenAI client at it and see which provider answered each request, how fast, and what it cost.

No provider is configured yet.</source>
        <translation>Tollgate se place entre vos applications et les fournisseurs de LLM. Pointez un client OpenAI vers lui et voyez quel fournisseur a répondu à chaque requête, en combien de temps et pour quel coût.

Aucun fournisseur n’est encore configuré.</translation>
    </message>
    <message>
        <source>Add a provider</source>
        <translation>Ajouter un fournisseur</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>Essayer la démo</translation>
    </message>
    <message>
        <source>The demo runs three simulated providers (demo-eu, demo-in, demo-us) on this computer and sends them traffic through the gateway. Nothing leaves this computer, and the demo providers are gone when you stop it.</source>
        <translation>La démo lance trois fournisseurs simulés (demo-eu, demo-in, demo-us) sur cet ordinateur et leur envoie du trafic par la passerelle. Rien ne quitte cet ordinateur, et les fournisseurs de démo disparaissent quand vous l’arrêtez.</translation>
    </message>
</context>
</TS>
