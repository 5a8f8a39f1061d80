<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>tollgate::ui::AuditExportDialog</name>
    <message>
        <source>Export evidence</source>
        <translation>Exporter les preuves</translation>
    </message>
    <message>
        <source>From (inclusive):</source>
        <translation>Du (inclus) :</translation>
    </message>
    <message>
        <source>To (exclusive):</source>
        <translation>Au (exclu) :</translation>
    </message>
    <message>
        <source>HTML report</source>
        <translation>Rapport HTML</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format :</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Fichier :</translation>
    </message>
    <message>
        <source>%1 files (*.%2)</source>
        <translation>Fichiers %1 (*.%2)</translation>
    </message>
    <message>
        <source>The end of the period must be after its start.</source>
        <translation>La fin de la période doit être postérieure à son début.</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>Choisissez le fichier à écrire.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>Le dossier %1 n’existe pas.</translation>
    </message>
    <message>
        <source>PDF report</source>
        <translation>Rapport PDF</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::AuditLedgerReader</name>
    <message>
        <source>There is no ledger at %1 yet; it is created when the gateway first starts.</source>
        <translation>Il n’y a pas encore de registre dans %1 ; il est créé au premier démarrage de la passerelle.</translation>
    </message>
    <message>
        <source>Cannot open the ledger %1: %2</source>
        <translation>Impossible d’ouvrir le registre %1 : %2</translation>
    </message>
    <message>
        <source>Cannot read the ledger: %1</source>
        <translation>Impossible de lire le registre : %1</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::AuditPanel</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d’écrire %1 : %2</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1 (%n record(s) in the period).</source>
        <translation>
            <numerusform>%1 écrit (%n enregistrement dans la période).</numerusform>
            <numerusform>%1 écrit (%n enregistrements dans la période).</numerusform>
        </translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Seal now</source>
        <translation>Sceller maintenant</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Vérifier</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exporter…</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Journal d’audit</translation>
    </message>
    <message>
        <source>Seal the records written so far into a signed checkpoint now</source>
        <translation>Sceller maintenant les enregistrements écrits jusqu’ici dans un point de contrôle signé</translation>
    </message>
    <message>
        <source>Check the whole ledger: hash chain, Merkle roots and checkpoint signatures</source>
        <translation>Vérifier tout le registre : chaîne de hachage, racines de Merkle et signatures des points de contrôle</translation>
    </message>
    <message>
        <source>Select a record to see it in full, with its inclusion proof.</source>
        <translation>Sélectionnez un enregistrement pour le voir en entier, avec sa preuve d’inclusion.</translation>
    </message>
    <message>
        <source>No ledger: start the gateway to create one.</source>
        <translation>Aucun registre : démarrez la passerelle pour en créer un.</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Lecture de %1…</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n enregistrement</numerusform>
            <numerusform>%n enregistrements</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n checkpoint(s)</source>
        <translation>
            <numerusform>%n point de contrôle</numerusform>
            <numerusform>%n points de contrôle</numerusform>
        </translation>
    </message>
    <message>
        <source>last checkpoint %1</source>
        <translation>dernier point de contrôle %1</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) not sealed yet</source>
        <translation>
            <numerusform>%n enregistrement pas encore scellé</numerusform>
            <numerusform>%n enregistrements pas encore scellés</numerusform>
        </translation>
    </message>
    <message>
        <source>Ledger %1 at %2</source>
        <translation>Registre %1 dans %2</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <source>OK: %1</source>
        <translation>Vérifié : %1</translation>
    </message>
    <message>
        <source>FAILED (%1): %2</source>
        <translation>ÉCHEC (%1) : %2</translation>
    </message>
    <message>
        <source>First bad record: #%1 (request %2)</source>
        <translation>Premier enregistrement invalide : nº %1 (requête %2)</translation>
    </message>
    <message>
        <source>Sealed.</source>
        <translation>Scellé.</translation>
    </message>
    <message>
        <source>Sealing did not finish in time.</source>
        <translation>Le scellement ne s’est pas terminé à temps.</translation>
    </message>
    <message>
        <source>Record #%1</source>
        <translation>Enregistrement nº %1</translation>
    </message>
    <message>
        <source>Request: %1</source>
        <translation>Requête : %1</translation>
    </message>
    <message>
        <source>Time: %1</source>
        <translation>Heure : %1</translation>
    </message>
    <message>
        <source>Key: %1   Team: %2</source>
        <translation>Clé : %1   Équipe : %2</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
    <message>
        <source>Detections: %1</source>
        <translation>Détections : %1</translation>
    </message>
    <message>
        <source>Data classes: %1</source>
        <translation>Classes de données : %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>Regimes: %1</source>
        <translation>Régimes : %1</translation>
    </message>
    <message>
        <source>Policy version: %1</source>
        <translation>Version de la politique : %1</translation>
    </message>
    <message>
        <source>Candidates: %1</source>
        <translation>Candidats : %1</translation>
    </message>
    <message>
        <source>Chosen: %1 in %2</source>
        <translation>Choisi : %1 (région %2)</translation>
    </message>
    <message>
        <source>Action: %1</source>
        <translation>Action : %1</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Motif : %1</translation>
    </message>
    <message>
        <source>HTTP status: %1</source>
        <translation>Statut HTTP : %1</translation>
    </message>
    <message>
        <source>Cost: %1 %2 (%3 input, %4 output tokens)</source>
        <translation>Coût : %1 %2 (%3 jetons en entrée, %4 en sortie)</translation>
    </message>
    <message>
        <source>Decision hash: %1</source>
        <translation>Hachage de la décision : %1</translation>
    </message>
    <message>
        <source>Entry hash: %1</source>
        <translation>Hachage de l’entrée : %1</translation>
    </message>
    <message>
        <source>Inclusion proof: loading…</source>
        <translation>Preuve d’inclusion : chargement…</translation>
    </message>
    <message>
        <source>Inclusion proof:</source>
        <translation>Preuve d’inclusion :</translation>
    </message>
    <message>
        <source>Inclusion proof: %1</source>
        <translation>Preuve d’inclusion : %1</translation>
    </message>
    <message>
        <source>Nothing to export: there is no ledger yet.</source>
        <translation>Rien à exporter : il n’y a pas encore de registre.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exportation…</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Échec de l’exportation : %1</translation>
    </message>
    <message>
        <source>Tollgate evidence report</source>
        <translation>Rapport de preuves Tollgate</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::AuditRecordModel</name>
    <message>
        <source>Decision hash (x-tollgate-decision): %1</source>
        <translation>Hachage de la décision (x-tollgate-decision) : %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Requête</translation>
    </message>
    <message>
        <source>Key / team</source>
        <translation>Clé / équipe</translation>
    </message>
    <message>
        <source>Data classes</source>
        <translation>Classes de données</translation>
    </message>
    <message>
        <source>Regimes</source>
        <translation>Régimes</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <source>Record hash</source>
        <translation>Hachage de l’enregistrement</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::BudgetDialog</name>
    <message>
        <source>Edit budget</source>
        <translation>Modifier le budget</translation>
    </message>
    <message>
        <source>Add budget</source>
        <translation>Ajouter un budget</translation>
    </message>
    <message>
        <source>e.g. support-monthly</source>
        <translation>p. ex. support-monthly</translation>
    </message>
    <message>
        <source>team</source>
        <translation>équipe</translation>
    </message>
    <message>
        <source>project</source>
        <translation>projet</translation>
    </message>
    <message>
        <source>key</source>
        <translation>clé</translation>
    </message>
    <message>
        <source>day</source>
        <translation>jour</translation>
    </message>
    <message>
        <source>month</source>
        <translation>mois</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>personnalisée</translation>
    </message>
    <message>
        <source>e.g. 500.00</source>
        <translation>p. ex. 500.00</translation>
    </message>
    <message>
        <source>optional: warn from this amount on</source>
        <translation>facultatif : avertir à partir de ce montant</translation>
    </message>
    <message>
        <source>At the hard cap requests get 402. Changing a cap keeps what was already spent in the period.</source>
        <translation>Au plafond, les requêtes reçoivent 402. Modifier un plafond conserve ce qui a déjà été dépensé dans la période.</translation>
    </message>
    <message>
        <source>Id:</source>
        <translation>ID :</translation>
    </message>
    <message>
        <source>Scope:</source>
        <translation>Niveau :</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>Appliqué à :</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Période :</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>Fuseau horaire :</translation>
    </message>
    <message>
        <source>Start:</source>
        <translation>Début :</translation>
    </message>
    <message>
        <source>End:</source>
        <translation>Fin :</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>Devise :</translation>
    </message>
    <message>
        <source>Hard cap:</source>
        <translation>Plafond :</translation>
    </message>
    <message>
        <source>Soft threshold:</source>
        <translation>Seuil d’alerte :</translation>
    </message>
    <message>
        <source>Id: letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; (at most 64).</source>
        <translation>ID : lettres, chiffres, &apos;.&apos;, &apos;_&apos; et &apos;-&apos; (64 au plus).</translation>
    </message>
    <message>
        <source>Enter the team, project or key id the budget applies to.</source>
        <translation>Saisissez l’équipe, le projet ou l’ID de clé auquel s’applique le budget.</translation>
    </message>
    <message>
        <source>Currency: a three-letter ISO 4217 code such as EUR.</source>
        <translation>Devise : un code ISO 4217 de trois lettres comme EUR.</translation>
    </message>
    <message>
        <source>Enter the hard cap.</source>
        <translation>Saisissez le plafond.</translation>
    </message>
    <message>
        <source>Hard cap &apos;%1&apos; is not an amount (digits, at most six decimals).</source>
        <translation>Le plafond « %1 » n’est pas un montant (chiffres, six décimales au plus).</translation>
    </message>
    <message>
        <source>Soft threshold &apos;%1&apos; is not an amount.</source>
        <translation>Le seuil d’alerte « %1 » n’est pas un montant.</translation>
    </message>
    <message>
        <source>The soft threshold is above the hard cap.</source>
        <translation>Le seuil d’alerte dépasse le plafond.</translation>
    </message>
    <message>
        <source>Unknown time zone &apos;%1&apos; (an IANA name such as Europe/Berlin).</source>
        <translation>Fuseau horaire « %1 » inconnu (un nom IANA comme Europe/Paris).</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::BudgetLimitModel</name>
    <message>
        <source>no limit</source>
        <translation>aucune limite</translation>
    </message>
    <message>
        <source>team</source>
        <translation>équipe</translation>
    </message>
    <message>
        <source>key</source>
        <translation>clé</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Appliqué à</translation>
    </message>
    <message>
        <source>Requests / min</source>
        <translation>Requêtes / min</translation>
    </message>
    <message>
        <source>Tokens / min</source>
        <translation>Jetons / min</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::BudgetTableModel</name>
    <message>
        <source>day</source>
        <translation>jour</translation>
    </message>
    <message>
        <source>day (%1)</source>
        <translation>jour (%1)</translation>
    </message>
    <message>
        <source>month</source>
        <translation>mois</translation>
    </message>
    <message>
        <source>month (%1)</source>
        <translation>mois (%1)</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>on track (nothing spent yet)</source>
        <translation>en bonne voie (rien dépensé pour l’instant)</translation>
    </message>
    <message>
        <source>on track (%1 by the end of the period)</source>
        <translation>en bonne voie (%1 d’ici la fin de la période)</translation>
    </message>
    <message>
        <source>will exceed on %1</source>
        <translation>dépassement prévu le %1</translation>
    </message>
    <message>
        <source>cap reached: requests get 402 until %1</source>
        <translation>plafond atteint : les requêtes reçoivent 402 jusqu’au %1</translation>
    </message>
    <message>
        <source>outside its period</source>
        <translation>hors de sa période</translation>
    </message>
    <message>
        <source>Settled %1, held by requests in flight %2, cap %3</source>
        <translation>Imputé %1, réservé par les requêtes en cours %2, plafond %3</translation>
    </message>
    <message>
        <source>key</source>
        <translation>clé</translation>
    </message>
    <message>
        <source>project</source>
        <translation>projet</translation>
    </message>
    <message>
        <source>team</source>
        <translation>équipe</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>%1 + %2 held (%3%)</source>
        <translation>%1 + %2 réservé (%3 %)</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>Budget</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Niveau</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Appliqué à</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Période</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Devise</translation>
    </message>
    <message>
        <source>Hard cap</source>
        <translation>Plafond</translation>
    </message>
    <message>
        <source>Soft threshold</source>
        <translation>Seuil d’alerte</translation>
    </message>
    <message>
        <source>Usage (settled + held)</source>
        <translation>Consommation (imputé + réservé)</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>Prévision</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::BudgetsPanel</name>
    <message>
        <source>Add budget…</source>
        <translation>Ajouter un budget…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <source>Set limits…</source>
        <translation>Définir les limites…</translation>
    </message>
    <message>
        <source>Budgets</source>
        <translation>Budgets</translation>
    </message>
    <message>
        <source>Rate limits</source>
        <translation>Limites de débit</translation>
    </message>
    <message>
        <source>Start the gateway to see and change its budgets and limits.</source>
        <translation>Démarrez la passerelle pour voir et modifier ses budgets et limites.</translation>
    </message>
    <message>
        <source>Saving budget %1…</source>
        <translation>Enregistrement du budget %1…</translation>
    </message>
    <message>
        <source>Budget %1 saved; it applies from the next request.</source>
        <translation>Budget %1 enregistré ; il s’applique dès la prochaine requête.</translation>
    </message>
    <message>
        <source>Budget %1 was not saved: %2</source>
        <translation>Le budget %1 n’a pas été enregistré : %2</translation>
    </message>
    <message>
        <source>Limits of %1 saved; they apply from the next request.</source>
        <translation>Limites de %1 enregistrées ; elles s’appliquent dès la prochaine requête.</translation>
    </message>
    <message>
        <source>Limits of %1 were not saved: %2</source>
        <translation>Les limites de %1 n’ont pas été enregistrées : %2</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ConfigCommit</name>
    <message>
        <source>Provider &apos;%1&apos; has its key written in the config; there is no secret store to move it to</source>
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
    <message>
        <source>Spend by team (from the spend ledger)</source>
        <translation>Dépenses par équipe (d’après le registre des dépenses)</translation>
    </message>
    <message>
        <source>Spend by currency</source>
        <translation>Dépenses par devise</translation>
    </message>
    <message>
        <source>+ %1 (no rate to %2)</source>
        <translation>+ %1 (pas de taux vers %2)</translation>
    </message>
    <message>
        <source>As spent: %1</source>
        <translation>Tel que dépensé : %1</translation>
    </message>
    <message>
        <source>%1 (no rate)</source>
        <translation>%1 (pas de taux)</translation>
    </message>
    <message>
        <source>No exchange rate to %1 for %2: shown in its own currency, not in the converted totals.</source>
        <translation>Aucun taux de change vers %1 pour %2 : affiché dans sa propre devise, hors des totaux convertis.</translation>
    </message>
    <message>
        <source>The spend ledger could not be read: %1</source>
        <translation>Le registre des dépenses n’a pas pu être lu : %1</translation>
    </message>
    <message>
        <source>(no key)</source>
        <translation>(sans clé)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>%1 (no rate to %2)</source>
        <translation>%1 (pas de taux vers %2)</translation>
    </message>
    <message>
        <source>total %1</source>
        <translation>total : %1</translation>
    </message>
    <message>
        <source>Spend by team in %1 (cumulative)</source>
        <translation>Dépenses par équipe en %1 (cumulées)</translation>
    </message>
    <message>
        <source>Spend by currency (cumulative)</source>
        <translation>Dépenses par devise (cumulées)</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::GuardrailPolicyModel</name>
    <message>
        <source>The built-in default</source>
        <translation>La valeur par défaut intégrée</translation>
    </message>
    <message>
        <source>Changed from the default (%1)</source>
        <translation>Modifié par rapport à la valeur par défaut (%1)</translation>
    </message>
    <message>
        <source>Detector</source>
        <translation>Détecteur</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Par défaut</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::GuardrailSandbox</name>
    <message>
        <source>The text is %1 KiB; the sandbox scans at most %2 KiB.</source>
        <translation>Le texte fait %1 Kio ; le bac à sable en analyse au plus %2 Kio.</translation>
    </message>
    <message>
        <source>The text is too large to scan.</source>
        <translation>Le texte est trop volumineux pour être analysé.</translation>
    </message>
    <message>
        <source>A detector failed; the gateway would refuse this request (it fails closed).</source>
        <translation>Un détecteur a échoué ; la passerelle refuserait cette requête (elle bloque en cas d’erreur).</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::GuardrailsPanel</name>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Annuler les modifications</translation>
    </message>
    <message>
        <source>Scan</source>
        <translation>Analyser</translation>
    </message>
    <message>
        <source>Guardrails</source>
        <translation>Garde-fous</translation>
    </message>
    <message>
        <source>What the gateway does with what its detectors find in a request. Changes apply to the running gateway when saved.</source>
        <translation>Ce que fait la passerelle de ce que ses détecteurs trouvent dans une requête. Les modifications s’appliquent à la passerelle en marche dès leur enregistrement.</translation>
    </message>
    <message>
        <source>prompt_injection fires when a text&apos;s injection score reaches this value</source>
        <translation>prompt_injection se déclenche quand le score d’injection d’un texte atteint cette valeur</translation>
    </message>
    <message>
        <source>Injection threshold:</source>
        <translation>Seuil d’injection :</translation>
    </message>
    <message>
        <source>Scan responses too</source>
        <translation>Analyser aussi les réponses</translation>
    </message>
    <message>
        <source>Sandbox</source>
        <translation>Bac à sable</translation>
    </message>
    <message>
        <source>Paste a text to see what the detectors find and what the provider would receive under the actions on the left (saved or not). Nothing here is sent or stored.</source>
        <translation>Collez un texte pour voir ce que trouvent les détecteurs et ce que recevrait le fournisseur avec les actions de gauche (enregistrées ou non). Rien n’est envoyé ni conservé ici.</translation>
    </message>
    <message>
        <source>Paste a prompt or a document here</source>
        <translation>Collez ici un prompt ou un document</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Begin</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Not saved: there is no configuration to change yet.</source>
        <translation>Non enregistré : il n’y a pas encore de configuration à modifier.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Non enregistré : %1</translation>
    </message>
    <message>
        <source>Guardrails saved; the gateway uses them from the next request.</source>
        <translation>Garde-fous enregistrés ; la passerelle les utilise dès la prochaine requête.</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>Analyse…</translation>
    </message>
    <message>
        <source>injection score %1</source>
        <translation>score d’injection %1</translation>
    </message>
    <message>
        <source>The gateway would refuse this text with 400 (blocked by %1; %2).</source>
        <translation>La passerelle refuserait ce texte avec 400 (bloqué par %1 ; %2).</translation>
    </message>
    <message>
        <source>Nothing found (%1); the provider receives the text as it is.</source>
        <translation>Rien trouvé (%1) ; le fournisseur reçoit le texte tel quel.</translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s) (%1); the provider would receive:</source>
        <translation>
            <numerusform>%n résultat (%1) ; le fournisseur recevrait :</numerusform>
            <numerusform>%n résultats (%1) ; le fournisseur recevrait :</numerusform>
        </translation>
    </message>
    <message>
        <source>A profile changes the actions for the routes and keys that name it; where a route and a key both have one, the stricter setting wins.</source>
        <translation>Un profil modifie les actions des routes et des clés qui le nomment ; quand une route et une clé en ont chacune un, le réglage le plus strict l&apos;emporte.</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>Profil :</translation>
    </message>
    <message>
        <source>None: the policy on the left</source>
        <translation>Aucun : la politique de gauche</translation>
    </message>
    <message>
        <source>Route %1 (its own actions)</source>
        <translation>Route %1 (ses propres actions)</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::KeyDialog</name>
    <message>
        <source>Create key</source>
        <translation>Créer une clé</translation>
    </message>
    <message>
        <source>optional, e.g. helpdesk bot</source>
        <translation>facultatif, p. ex. bot d’assistance</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>facultatif</translation>
    </message>
    <message>
        <source>another pattern, e.g. openai/gpt-4o*</source>
        <translation>autre motif, p. ex. openai/gpt-4o*</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <source>None checked: the key may use every model.</source>
        <translation>Rien de coché : la clé peut utiliser tous les modèles.</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Expire</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>aucune limite</translation>
    </message>
    <message>
        <source>Team:</source>
        <translation>Équipe :</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <source>Project:</source>
        <translation>Projet :</translation>
    </message>
    <message>
        <source>Scopes:</source>
        <translation>Autorisations :</translation>
    </message>
    <message>
        <source>Expiry:</source>
        <translation>Expiration :</translation>
    </message>
    <message>
        <source>Requests per minute:</source>
        <translation>Requêtes par minute :</translation>
    </message>
    <message>
        <source>Tokens per minute:</source>
        <translation>Jetons par minute :</translation>
    </message>
    <message>
        <source>Every key belongs to a team: enter one.</source>
        <translation>Chaque clé appartient à une équipe : saisissez-en une.</translation>
    </message>
    <message>
        <source>Team &apos;%1&apos;: use letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; (at most 64).</source>
        <translation>Équipe « %1 » : utilisez des lettres, des chiffres, &apos;.&apos;, &apos;_&apos; et &apos;-&apos; (64 au plus).</translation>
    </message>
    <message>
        <source>Project &apos;%1&apos;: use letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; (at most 64).</source>
        <translation>Projet « %1 » : utilisez des lettres, des chiffres, &apos;.&apos;, &apos;_&apos; et &apos;-&apos; (64 au plus).</translation>
    </message>
    <message>
        <source>The name is longer than 200 characters.</source>
        <translation>Le nom dépasse 200 caractères.</translation>
    </message>
    <message>
        <source>The expiry is in the past.</source>
        <translation>La date d’expiration est passée.</translation>
    </message>
    <message>
        <source>The gateway&apos;s policy</source>
        <translation>La politique de la passerelle</translation>
    </message>
    <message>
        <source>A profile&apos;s guardrail actions apply to every request made with this key; where the route has a profile too, the stricter setting wins.</source>
        <translation>Les actions de garde-fou d&apos;un profil s&apos;appliquent à chaque requête faite avec cette clé ; si la route a aussi un profil, le réglage le plus strict l&apos;emporte.</translation>
    </message>
    <message>
        <source>Guardrails:</source>
        <translation>Garde-fous :</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::KeySecretDialog</name>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <source>New key %1</source>
        <translation>Nouvelle clé %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Copy this key now. It will not be shown again.&lt;/b&gt;&lt;br&gt;Tollgate keeps only its hash: a lost key cannot be recovered, only revoked and replaced.</source>
        <translation>&lt;b&gt;Copiez cette clé maintenant. Elle ne sera plus affichée.&lt;/b&gt;&lt;br&gt;Tollgate n’en conserve que le hachage : une clé perdue ne peut pas être récupérée, seulement révoquée et remplacée.</translation>
    </message>
    <message>
        <source>Clients send it as &lt;code&gt;Authorization: Bearer &amp;lt;key&amp;gt;&lt;/code&gt; (Anthropic clients: &lt;code&gt;x-api-key&lt;/code&gt;).</source>
        <translation>Les clients l’envoient sous la forme &lt;code&gt;Authorization: Bearer &amp;lt;clé&amp;gt;&lt;/code&gt; (clients Anthropic : &lt;code&gt;x-api-key&lt;/code&gt;).</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>Copiée dans le presse-papiers.</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::KeyTableModel</name>
    <message>
        <source>active</source>
        <translation>active</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>expirée</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>révoquée</translation>
    </message>
    <message>
        <source>Declared in the configuration file; remove it there to revoke it.</source>
        <translation>Déclarée dans le fichier de configuration ; supprimez-la là-bas pour la révoquer.</translation>
    </message>
    <message>
        <source>%1…</source>
        <translation>%1…</translation>
    </message>
    <message>
        <source>every model</source>
        <translation>tous les modèles</translation>
    </message>
    <message>
        <source>never</source>
        <translation>jamais</translation>
    </message>
    <message>
        <source>%1 (config file)</source>
        <translation>%1 (fichier de configuration)</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clé</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Équipe</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projet</translation>
    </message>
    <message>
        <source>Scopes</source>
        <translation>Autorisations</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Expire le</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Créée le</translation>
    </message>
    <message>
        <source>gateway&apos;s policy</source>
        <translation>politique de la passerelle</translation>
    </message>
    <message>
        <source>Guardrails</source>
        <translation>Garde-fous</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::KeysPanel</name>
    <message>
        <source>Create key…</source>
        <translation>Créer une clé…</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>Révoquer…</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Clés</translation>
    </message>
    <message>
        <source>&lt;b&gt;No key exists yet: the gateway answers requests without one.&lt;/b&gt; That is only safe while it listens on this computer (loopback). Create a key and every request will need one.</source>
        <translation>&lt;b&gt;Aucune clé n’existe encore : la passerelle répond aux requêtes sans clé.&lt;/b&gt; Ce n’est sûr que tant qu’elle écoute sur cet ordinateur (boucle locale). Créez une clé et chaque requête en aura besoin.</translation>
    </message>
    <message>
        <source>Start the gateway to create and revoke keys.</source>
        <translation>Démarrez la passerelle pour créer et révoquer des clés.</translation>
    </message>
    <message>
        <source>Could not re-read the keys: %1</source>
        <translation>Impossible de relire les clés : %1</translation>
    </message>
    <message>
        <source>Creating the key…</source>
        <translation>Création de la clé…</translation>
    </message>
    <message>
        <source>The key was not created: %1</source>
        <translation>La clé n’a pas été créée : %1</translation>
    </message>
    <message>
        <source>Key %1 created.</source>
        <translation>Clé %1 créée.</translation>
    </message>
    <message>
        <source>Key %1 is declared in the configuration file: remove it there.</source>
        <translation>La clé %1 est déclarée dans le fichier de configuration : supprimez-la là-bas.</translation>
    </message>
    <message>
        <source>Revoke key</source>
        <translation>Révoquer la clé</translation>
    </message>
    <message>
        <source>Revoke key %1 (%2…, team %3)? Requests with it get 401 from the next one on. This cannot be undone.</source>
        <translation>Révoquer la clé %1 (%2…, équipe %3) ? Les requêtes qui l’utilisent recevront 401 dès la prochaine. Cette action est irréversible.</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Révoquer</translation>
    </message>
    <message>
        <source>Key %1 revoked.</source>
        <translation>Clé %1 révoquée.</translation>
    </message>
    <message>
        <source>Key %1 was not revoked: %2</source>
        <translation>La clé %1 n’a pas été révoquée : %2</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::LimitsDialog</name>
    <message>
        <source>Rate limits</source>
        <translation>Limites de débit</translation>
    </message>
    <message>
        <source>team</source>
        <translation>équipe</translation>
    </message>
    <message>
        <source>key</source>
        <translation>clé</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>aucune limite</translation>
    </message>
    <message>
        <source>A request must fit in both its key&apos;s and its team&apos;s limits; refused ones get 429 with Retry-After.</source>
        <translation>Une requête doit respecter à la fois les limites de sa clé et celles de son équipe ; les requêtes refusées reçoivent 429 avec Retry-After.</translation>
    </message>
    <message>
        <source>Applies to:</source>
        <translation>Niveau :</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>Appliqué à :</translation>
    </message>
    <message>
        <source>Requests per minute:</source>
        <translation>Requêtes par minute :</translation>
    </message>
    <message>
        <source>Tokens per minute:</source>
        <translation>Jetons par minute :</translation>
    </message>
    <message>
        <source>Enter a team.</source>
        <translation>Saisissez une équipe.</translation>
    </message>
    <message>
        <source>Enter a key id.</source>
        <translation>Saisissez un ID de clé.</translation>
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
        <source>Gateway stopping: requests in flight have up to %1 s to finish (Stop now cuts them)</source>
        <translation>Arrêt de la passerelle : les requêtes en cours ont jusqu’à %1 s pour se terminer (« Arrêter maintenant » les interrompt)</translation>
    </message>
    <message>
        <source>Stop now</source>
        <translation>Arrêter maintenant</translation>
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
    <message>
        <source>Keys</source>
        <translation>Clés</translation>
    </message>
    <message>
        <source>Budgets</source>
        <translation>Budgets</translation>
    </message>
    <message>
        <source>Guardrails</source>
        <translation>Garde-fous</translation>
    </message>
    <message>
        <source>Residency</source>
        <translation>Résidence des données</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Journal d’audit</translation>
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
        <source>model &apos;%1&apos;</source>
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
        <source>A provider named &apos;%1&apos; already exists</source>
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
    <name>tollgate::ui::RequestLogReader</name>
    <message>
        <source>Cannot read the request log: %1</source>
        <translation>Impossible de lire le journal des requêtes : %1</translation>
    </message>
    <message>
        <source>No request log database at %1</source>
        <translation>Aucune base du journal des requêtes dans %1</translation>
    </message>
    <message>
        <source>The SQLite driver (QSQLITE) is not available</source>
        <translation>Le pilote SQLite (QSQLITE) n’est pas disponible</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>Impossible d’ouvrir %1 : %2</translation>
    </message>
    <message>
        <source>%1 is not a Tollgate request log database</source>
        <translation>%1 n’est pas une base de journal des requêtes Tollgate</translation>
    </message>
    <message>
        <source>%1 has schema version %2, newer than this Tollgate knows (%3)</source>
        <translation>%1 a la version de schéma %2, plus récente que celle que connaît ce Tollgate (%3)</translation>
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
    <message>
        <source>Live</source>
        <translation>En direct</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Précédent</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Suivant</translation>
    </message>
    <message>
        <source>Show new requests on the first page as they arrive</source>
        <translation>Afficher les nouvelles requêtes sur la première page dès leur arrivée</translation>
    </message>
    <message>
        <source>Page %1 of more than %2</source>
        <translation>Page %1 sur plus de %2</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Page %1 sur %2</translation>
    </message>
    <message>
        <source>No matching requests</source>
        <translation>Aucune requête correspondante</translation>
    </message>
    <message>
        <source>More than %1 matching requests</source>
        <translation>Plus de %1 requêtes correspondantes</translation>
    </message>
    <message numerus="yes">
        <source>%n matching request(s)</source>
        <translation>
            <numerusform>%n requête correspondante</numerusform>
            <numerusform>%n requêtes correspondantes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ResidencyClassModel</name>
    <message>
        <source>Regimes, separated by commas; known: %1</source>
        <translation>Régimes, séparés par des virgules ; connus : %1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
    <message>
        <source>Data class</source>
        <translation>Classe de données</translation>
    </message>
    <message>
        <source>Regimes</source>
        <translation>Régimes</translation>
    </message>
    <message>
        <source>Detectors</source>
        <translation>Détecteurs</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ResidencyMatrixModel</name>
    <message>
        <source>%1 data may be processed in %2</source>
        <translation>Les données sous %1 peuvent être traitées dans %2</translation>
    </message>
    <message>
        <source>%1 data may not be processed in %2</source>
        <translation>Les données sous %1 ne peuvent pas être traitées dans %2</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ResidencyPanel</name>
    <message>
        <source>Add region</source>
        <translation>Ajouter une région</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Annuler les modifications</translation>
    </message>
    <message>
        <source>Residency</source>
        <translation>Résidence des données</translation>
    </message>
    <message>
        <source>Where data under each regime may be processed. A request only goes to a provider whose region all of its regimes allow; when none is left it is refused.</source>
        <translation>Où les données relevant de chaque régime peuvent être traitées. Une requête ne va qu’à un fournisseur dont la région est autorisée par tous ses régimes ; s’il n’en reste aucun, elle est refusée.</translation>
    </message>
    <message>
        <source>Regimes and the regions they allow</source>
        <translation>Régimes et régions qu’ils autorisent</translation>
    </message>
    <message>
        <source>region, e.g. ch</source>
        <translation>région, p. ex. ch</translation>
    </message>
    <message>
        <source>Data classes and their regimes</source>
        <translation>Classes de données et leurs régimes</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>Fournisseurs</translation>
    </message>
    <message>
        <source>Policy version: %1</source>
        <translation>Version de la politique : %1</translation>
    </message>
    <message>
        <source>Policy version: new on save</source>
        <translation>Version de la politique : nouvelle à l’enregistrement</translation>
    </message>
    <message>
        <source>Region %1 is already in the matrix.</source>
        <translation>La région %1 figure déjà dans la matrice.</translation>
    </message>
    <message>
        <source>Region %1 added; check the regimes that may use it.</source>
        <translation>Région %1 ajoutée ; cochez les régimes qui peuvent l’utiliser.</translation>
    </message>
    <message>
        <source>Not saved: there is no configuration to change yet.</source>
        <translation>Non enregistré : il n’y a pas encore de configuration à modifier.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Non enregistré : %1</translation>
    </message>
    <message>
        <source>Residency policy saved; the gateway uses it from the next request.</source>
        <translation>Politique de résidence enregistrée ; la passerelle l’utilise dès la prochaine requête.</translation>
    </message>
</context>
<context>
    <name>tollgate::ui::ResidencyProviderModel</name>
    <message>
        <source>only data under no regime</source>
        <translation>uniquement les données sans régime</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Fournisseur</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <source>Regimes that may reach it</source>
        <translation>Régimes autorisés à l’atteindre</translation>
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
    <message>
        <source>&amp;Strategy</source>
        <translation>&amp;Stratégie</translation>
    </message>
    <message>
        <source>Fallback: in this order</source>
        <translation>Repli : dans cet ordre</translation>
    </message>
    <message>
        <source>Weighted: shared out by weight</source>
        <translation>Pondérée : répartie selon les poids</translation>
    </message>
    <message>
        <source>Fallback tries the targets in their order. Weighted sends each request first to a target chosen in proportion to the weights; the others follow in order as fallbacks.</source>
        <translation>« Repli » essaie les cibles dans leur ordre. « Pondérée » envoie chaque requête d&apos;abord à une cible choisie en proportion des poids ; les autres suivent dans l&apos;ordre comme replis.</translation>
    </message>
    <message>
        <source>Share out by weight</source>
        <translation>Répartir selon les poids</translation>
    </message>
    <message>
        <source>Fall back in order</source>
        <translation>Se replier dans l&apos;ordre</translation>
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
