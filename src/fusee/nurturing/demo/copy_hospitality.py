"""Hospitality · consideration: the ROI series (English, French, some Spanish)."""

from __future__ import annotations

from fusee.nurturing.demo.emails import Content, DemoEmail

CAMPAIGN = "hospitality-roi-series"
HI_EN = 'Hi {{ contact.first_name|default:"there" }},'
HI_FR = "Bonjour{% if contact.first_name %} {{ contact.first_name }}{% endif %},"
HI_ES = "Hola{% if contact.first_name %} {{ contact.first_name }}{% endif %}:"

COST = DemoEmail(
    key="hotel-roi-cost", name="Hospitality · ROI 1. The cost of a missed standard", topic="guides",
    utm_campaign=CAMPAIGN, contents=(
        Content("en", "What one missed housekeeping standard really costs",
                "It is rarely the towel. It is the review that follows.", f"""\
{HI_EN}

A room that isn't up to standard costs more than the ten minutes it takes to fix it. For a
120-room hotel, we usually find three costs hiding behind it:

1. **Reviews**: one point of review score is worth 5 to 9% of room revenue. Cleanliness is
   the first thing guests write about.
2. **Rework**: rooms reopened after a guest complaint take a housekeeper off the floor at
   the busiest hour.
3. **Compensation**: free breakfasts, late check-outs and refunds add up quietly.

This week's one-pager puts numbers on each, with the assumptions written next to them so
you can replace ours with {{{{ company.name|default:"your group" }}}}'s:
[the cost of a missed standard](https://orbitale.example/resources/hotel-cost-of-quality).

Next week: a calculator that does the sums for your own hotels.

Inès, Orbitale
"""),
        Content("fr", "Ce que coûte vraiment un standard de ménage manqué",
                "Rarement la serviette. Surtout l'avis client qui suit.", f"""\
{HI_FR}

Une chambre qui n'est pas au standard coûte bien plus que les dix minutes nécessaires pour la
reprendre. Pour un hôtel de 120 chambres, trois coûts se cachent derrière :

1. **Les avis** : un point de note vaut 5 à 9 % du chiffre d'affaires hébergement, et la
   propreté est le premier sujet des commentaires.
2. **Les reprises** : une chambre rouverte après une réclamation mobilise une femme de
   chambre à l'heure la plus chargée.
3. **Les gestes commerciaux** : petits-déjeuners offerts, départs tardifs, remboursements.

Notre fiche de la semaine chiffre chacun, avec les hypothèses à côté pour que vous puissiez
remplacer les nôtres par celles de {{{{ company.name|default:"votre groupe" }}}} :
[le coût d'un standard manqué](https://orbitale.example/fr/ressources/cout-non-qualite-hotel).

La semaine prochaine : un calculateur qui fait le calcul pour vos propres hôtels.

Inès, Orbitale
"""),
        Content("es", "Lo que cuesta de verdad un estándar de limpieza incumplido",
                "Rara vez es la toalla: es la reseña que viene después.", f"""\
{HI_ES}

Una habitación que no cumple el estándar cuesta mucho más que los diez minutos que se tarda en
repasarla. En un hotel de 120 habitaciones hay tres costes escondidos: las **reseñas** (un
punto de nota vale entre un 5 y un 9 % de los ingresos por habitación), los **repasos** tras
una queja y las **compensaciones** que se suman en silencio.

Nuestra ficha de esta semana los cuantifica, con las hipótesis al lado para que ponga las de
{{{{ company.name|default:"su grupo" }}}}:
[el coste de un estándar incumplido](https://orbitale.example/es/recursos/coste-calidad-hotel).

Inès, Orbitale
"""),
    ),
)

CALCULATOR = DemoEmail(
    key="hotel-roi-calculator", name="Hospitality · ROI 2. The calculator", topic="guides",
    utm_campaign=CAMPAIGN, contents=(
        Content("en", "Your quality ROI in five minutes",
                "Rooms, occupancy, review score: the calculator does the rest.", f"""\
{HI_EN}

As promised, the calculator: [work out your ROI](https://orbitale.example/roi/hospitality).

Enter the number of rooms, your occupancy and your current review score. It returns:

- the revenue at stake behind each point of review score;
- the housekeeping hours lost to rework every month;
- what a 30% drop in missed standards would be worth over a year.

Hotel groups using Orbitale usually see that drop within the first quarter, because every
inspection is done the same way and every defect has an owner.

Inès, Orbitale
"""),
        Content("fr", "Votre ROI qualité en cinq minutes",
                "Chambres, taux d'occupation, note : le calculateur fait le reste.", f"""\
{HI_FR}

Comme promis, le calculateur : [calculer votre ROI](https://orbitale.example/fr/roi/hotellerie).

Saisissez le nombre de chambres, votre taux d'occupation et votre note moyenne. Vous obtenez :

- le chiffre d'affaires en jeu derrière chaque point de note ;
- les heures de ménage perdues en reprises chaque mois ;
- ce que vaudrait sur un an une baisse de 30 % des standards manqués.

Les groupes hôteliers qui utilisent Orbitale voient généralement cette baisse dès le premier
trimestre : chaque contrôle est fait de la même façon, chaque défaut a un responsable.

Inès, Orbitale
"""),
        Content("es", "El ROI de la calidad en cinco minutos",
                "Habitaciones, ocupación, nota: la calculadora hace el resto.", f"""\
{HI_ES}

Como le prometí, la calculadora: [calcular su ROI](https://orbitale.example/es/roi/hoteles).

Introduzca el número de habitaciones, su ocupación y su nota media, y verá los ingresos en
juego por cada punto de nota, las horas perdidas en repasos y lo que valdría reducir un 30 %
los estándares incumplidos.

Inès, Orbitale
"""),
    ),
)

CASE_STUDY = DemoEmail(
    key="hotel-case-study", name="Hospitality · ROI 3. Case study: 38 hotels", topic="guides",
    utm_campaign=CAMPAIGN, contents=(
        Content("en", "38 hotels, +0.4 review points in six months",
                "How one group made inspections boring, in the best way.", f"""\
{HI_EN}

A group of 38 city hotels had good standards and inconsistent results: the same brand book,
applied three different ways by three regional directors.

Six months after moving their inspections to Orbitale:

- **+0.4** average review score, led by cleanliness;
- **-35%** rooms reopened after a complaint;
- inspections take **25 minutes** instead of an hour, so they happen weekly, not quarterly.

{{% if contact.lifecycle == "mql" %}}Your account manager can walk you through their setup,
rooms checklist included.{{% else %}}The full story, with their room checklist, is here.{{% endif %}}

[Read the case study](https://orbitale.example/customers/city-hotels-group)

Inès, Orbitale
"""),
        Content("fr", "38 hôtels, +0,4 point de note en six mois",
                "Comment un groupe a rendu ses contrôles ennuyeux, au meilleur sens du terme.", f"""\
{HI_FR}

Un groupe de 38 hôtels urbains avait de bons standards et des résultats inégaux : la même
charte, appliquée de trois façons par trois directeurs régionaux.

Six mois après avoir passé ses contrôles sur Orbitale :

- **+0,4** point de note moyenne, tiré par la propreté ;
- **-35 %** de chambres reprises après réclamation ;
- des contrôles de **25 minutes** au lieu d'une heure, donc hebdomadaires et non plus trimestriels.

{{% if contact.lifecycle == "mql" %}}Votre interlocuteur commercial peut vous montrer leur
paramétrage, checklist chambre comprise.{{% else %}}Toute l'histoire, avec leur checklist
chambre, est ici.{{% endif %}}

[Lire l'étude de cas](https://orbitale.example/fr/clients/groupe-hotels-urbains)

Inès, Orbitale
"""),
    ),
)

MEETING = DemoEmail(
    key="hotel-meeting", name="Hospitality · ROI 4. Meeting offer", topic="product-news",
    utm_campaign=CAMPAIGN, contents=(
        Content("en", "Shall we run the numbers for your hotels together?",
                "20 minutes with a hospitality specialist, your figures, no slides.", f"""\
{HI_EN}

If the calculator left you with questions (or with a number your finance director will want
to check), let's go through it together. In 20 minutes, one of our hospitality specialists
will rework the figures with yours and show you what inspections look like in Orbitale for a
group like {{{{ company.name|default:"yours" }}}}.

[Book 20 minutes](https://orbitale.example/demo?industry=hospitality)

Inès, Orbitale
"""),
        Content("fr", "On refait le calcul pour vos hôtels, ensemble ?",
                "20 minutes avec un spécialiste hôtellerie, vos chiffres, pas de slides.", f"""\
{HI_FR}

Si le calculateur vous a laissé des questions (ou un chiffre que votre directeur financier
voudra vérifier), reprenons-le ensemble. En 20 minutes, un de nos spécialistes hôtellerie
refait le calcul avec vos données et vous montre les contrôles dans Orbitale pour un groupe
comme {{{{ company.name|default:"le vôtre" }}}}.

[Réserver 20 minutes](https://orbitale.example/fr/demo?secteur=hotellerie)

Inès, Orbitale
"""),
    ),
)

EMAILS = [COST, CALCULATOR, CASE_STUDY, MEETING]
