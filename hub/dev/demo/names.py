"""Name pools for made-up people and places, grouped so that names follow a family's heritage."""

import random
from dataclasses import dataclass


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


@dataclass(frozen=True, slots=True)
class NamePool:
    """First names by generation and sex, and surnames, for one heritage."""

    girls: tuple[str, ...]
    boys: tuple[str, ...]
    women: tuple[str, ...]
    men: tuple[str, ...]
    surnames: tuple[str, ...]


BRITISH_SURNAMES = _words(
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White "
    "Roberts Green Hall Wood Jackson Clarke Harrison Hughes Edwards Lewis Turner Hill Moore Cooper Ward "
    "Morris King Baker Harris Martin Lee Allen Parker Young Mitchell Bell Shaw Carter Marshall Price Bennett "
    "Griffiths Kelly Cook Richardson Simpson Holmes Chapman Webb Fletcher Barker Ellis Atkinson Dixon Hunt "
    "Palmer Mills Mason Lawson Pearson Knight Butler Fox Armstrong Barnes Lloyd Dawson Hartley Sutcliffe "
    "Ashworth Whitehead Brooks Heaton Fairclough Pickering Kershaw Metcalfe Thornton Horsfall Midgley "
    "Pollard Hargreaves Rhodes Crowther Wainwright"
)
IRISH_SURNAMES = _words(
    "Murphy Kelly O'Brien Ryan O'Connor Byrne Walsh McCarthy Doyle Gallagher Quinn Donnelly Brennan Flanagan "
    "Kavanagh O'Neill Fitzgerald Maguire Connolly Docherty Ward McDonagh"
)
CARIBBEAN_SURNAMES = _words(
    "Campbell Brown Williams Thomas Francis Henry Clarke Grant Reid Morgan Gordon Lewis Stewart Bailey "
    "Samuels Edwards Powell Richards Daley Forbes"
)
BRITISH = NamePool(
    girls=_words(
        "Olivia Amelia Isla Ava Ivy Freya Lily Florence Mia Willow Rosie Sophia Isabella Grace Daisy Sienna "
        "Poppy Elsie Emily Ella Evelyn Phoebe Sofia Evie Charlotte Harper Millie Matilda Ruby Maisie Alice "
        "Hallie Erin Esme Lola Holly Imogen Jessica Chloe Megan Lucy Ellie Scarlett Hannah Bethany Molly "
        "Georgia Niamh"
    ),
    boys=_words(
        "Noah Oliver George Arthur Leo Harry Oscar Archie Henry Theodore Freddie Jack Charlie Theo Alfie "
        "Jacob Thomas Finley Arlo William Lucas Roman Tommy Isaac Teddy Alexander Luca Edward James Joshua "
        "Albie Elijah Max Mason Reuben Samuel Sonny Ethan Dylan Harrison Logan Joseph Riley Callum Kian "
        "Tyler Ben Daniel"
    ),
    women=_words(
        "Sarah Laura Emma Rebecca Claire Gemma Katie Hayley Amy Nicola Lisa Michelle Rachel Kirsty Joanne "
        "Victoria Helen Jennifer Louise Kelly Natalie Samantha Stacey Leanne Charlotte Danielle Jodie Zoe "
        "Lindsay Jade Catherine Kerry Donna Vicky Caroline Hannah Lucy Sophie Jenna Abigail"
    ),
    men=_words(
        "David James Daniel Michael Christopher Matthew Andrew Richard Mark Paul Steven Thomas Robert Lee "
        "Craig Darren Wayne Jamie Ryan Adam Stuart Gareth Carl Martin Simon Jonathan Neil Dean Scott Ben "
        "Peter Gavin Kevin Anthony Ian Shaun Liam Jason Nathan Philip"
    ),
    surnames=BRITISH_SURNAMES,
)
EUROPEAN = NamePool(
    girls=_words(
        "Zofia Maja Lena Hanna Amelia Julia Alicja Natalia Emilia Oliwia Ioana Maria Elena Sara Viktoria"
    ),
    boys=_words(
        "Jakub Antoni Szymon Filip Kacper Jan Aleksander Mikolaj David Andrei Matei Luka Marko Tomas Lukas"
    ),
    women=_words(
        "Agnieszka Katarzyna Anna Magdalena Joanna Ewa Monika Ana Elena Andreea Ilona Kristina Jana Ramona"
    ),
    men=_words(
        "Piotr Krzysztof Tomasz Pawel Marcin Michal Adrian Andrei Florin Mihai Vasile Jonas Mindaugas Pedro"
    ),
    surnames=_words(
        "Nowak Kowalski Wisniewski Wojcik Kaminski Lewandowski Zielinski Szymanski Popescu Ionescu Dumitru "
        "Stan Kazlauskas Petrov Horvath Novak Silva Santos Ferreira Rossi"
    ),
)
SOUTH_ASIAN_MUSLIM = NamePool(
    girls=_words(
        "Aisha Maryam Zara Hafsa Inaya Ayesha Fatima Safa Amira Hana Zainab Mariam Eshal Anaya Sumaiya"
    ),
    boys=_words(
        "Muhammad Yusuf Ibrahim Ayaan Zayn Musa Adam Hamza Ali Rayyan Zakariya Harun Idris Umar Abdullah"
    ),
    women=_words(
        "Nadia Shazia Samina Rubina Farzana Sadia Nasreen Ruksana Shabana Tahira Saima Fozia Shamima"
    ),
    men=_words(
        "Imran Tariq Asif Kamran Zubair Naveed Shahid Abdul Rizwan Faisal Jamal Shakil Mohammed Anwar"
    ),
    surnames=_words(
        "Khan Hussain Ahmed Ali Iqbal Akhtar Mahmood Rahman Begum Miah Uddin Islam Chowdhury Shah Butt Malik "
        "Raza Bibi Hassan Qureshi"
    ),
)
INDIAN = NamePool(
    girls=_words("Anaya Priya Saanvi Diya Isha Aanya Kavya Riya Simran Jasleen Navya Meera Tara Asha Ishani"),
    boys=_words("Arjun Aarav Vihaan Reyansh Krish Aryan Dev Rohan Sai Jai Harjot Kabir Ishaan Veer Ravi"),
    women=_words("Sunita Anjali Pooja Neha Deepa Kiran Manpreet Harpreet Rupinder Shilpa Nisha Rekha Meena"),
    men=_words("Rajesh Sanjay Amit Vikram Sunil Harjinder Gurpreet Ravi Anil Deepak Manoj Sandeep Nikhil"),
    surnames=_words(
        "Patel Singh Kaur Sharma Kumar Shah Gill Mistry Sandhu Chauhan Joshi Desai Mehta Parmar Sidhu Bains "
        "Dhillon Lal Rao Nair"
    ),
)
AFRICAN = NamePool(
    girls=_words(
        "Favour Precious Blessing Esther Amara Adaeze Chioma Zainab Ruth Deborah Ayomide Nia Grace Hope"
    ),
    boys=_words(
        "David Daniel Samuel Emmanuel Joshua Tobi Chidi Kwame Kofi Elijah Jayden Ayodele Nathaniel Jeremiah"
    ),
    women=_words(
        "Adaobi Funmilayo Ngozi Abena Folake Chiamaka Yetunde Ama Bisi Comfort Joy Patience Mercy Adwoa"
    ),
    men=_words(
        "Oluwaseun Chukwuemeka Kwabena Babatunde Adebayo Tunde Kofi Kwame Emeka Femi Segun Ifeanyi Olu"
    ),
    surnames=_words(
        "Okafor Adeyemi Mensah Okoro Boateng Owusu Adebayo Eze Nwosu Ogunleye Asante Osei Abiodun Afolabi "
        "Mohamed Ali Tesfaye Kamara Bangura Ibrahim"
    ),
)
CHINESE = NamePool(
    girls=_words("Chloe Emily Grace Lily Mei Hannah Jasmine Ruby Isabel Ying Wen Joy"),
    boys=_words("Ethan Lucas Ryan Jayden Oscar Aaron Daniel Hao Jun Kai Wei Leo"),
    women=_words("Li Mei Xin Hui Yan Ling Jenny Helen Wendy Fiona Jing Lan"),
    men=_words("Wei Jun Ming Hao Kevin Jason Peter Chen Jian Tao Gary Ray"),
    surnames=_words("Chen Wang Li Zhang Liu Wong Cheung Lam Ng Ho Yang Huang Lin Tang Chan Lau"),
)
ARABIC = NamePool(
    girls=_words("Layla Yasmin Nour Maryam Sara Lina Huda Rania Aya Jana Salma Dina"),
    boys=_words("Omar Youssef Karim Ahmad Ali Hassan Adam Samir Zaid Tariq Faris Kareem"),
    women=_words("Rana Leila Amal Samira Hanan Dalia Noura Fatima Mona Rasha Soraya Lamia"),
    men=_words("Khalid Mahmoud Ahmed Nabil Walid Sami Fadi Bilal Rami Jamal Karim Hani"),
    surnames=_words(
        "Hassan Ahmed Ali Haddad Khalil Mansour Saleh Nasser Farah Aziz Darwish Rashid Hamdan Sultan"
    ),
)

# Which pool gives the first names and which the surnames, for each DfE ethnicity code.
POOLS_BY_ETHNICITY: dict[str, tuple[NamePool, tuple[str, ...]]] = {
    "WBRI": (BRITISH, BRITISH_SURNAMES),
    "WIRI": (BRITISH, IRISH_SURNAMES),
    "WIRT": (BRITISH, IRISH_SURNAMES),
    "WROM": (EUROPEAN, EUROPEAN.surnames),
    "WOTH": (EUROPEAN, EUROPEAN.surnames),
    "MWBC": (BRITISH, BRITISH_SURNAMES + CARIBBEAN_SURNAMES),
    "MWBA": (BRITISH, BRITISH_SURNAMES + AFRICAN.surnames),
    "MWAS": (BRITISH, BRITISH_SURNAMES + SOUTH_ASIAN_MUSLIM.surnames + INDIAN.surnames),
    "MOTH": (BRITISH, BRITISH_SURNAMES + EUROPEAN.surnames + ARABIC.surnames),
    "AIND": (INDIAN, INDIAN.surnames),
    "APKN": (SOUTH_ASIAN_MUSLIM, SOUTH_ASIAN_MUSLIM.surnames),
    "ABAN": (SOUTH_ASIAN_MUSLIM, SOUTH_ASIAN_MUSLIM.surnames),
    "AOTH": (INDIAN, INDIAN.surnames + SOUTH_ASIAN_MUSLIM.surnames),
    "BCRB": (BRITISH, CARIBBEAN_SURNAMES),
    "BAFR": (AFRICAN, AFRICAN.surnames),
    "BOTH": (AFRICAN, AFRICAN.surnames + CARIBBEAN_SURNAMES),
    "CHNE": (CHINESE, CHINESE.surnames),
    "OOTH": (ARABIC, ARABIC.surnames),
    "REFU": (BRITISH, BRITISH_SURNAMES),
    "NOBT": (BRITISH, BRITISH_SURNAMES),
}

# Syllables that make plausible English place names: Ashby, Thornton, Kirkdale, Millford ...
PLACE_STARTS = _words(
    "Ash Brad Brook Burn Chap Clay Cold Crow Dun East Elm Fair Fern Glen Hart Hazel High Holm Kirk Lang Long "
    "Mar Mill Moor Nether New North Oak Old Ouse Pen Red Rook Sand Shep South Stan Stone Sut Thorn Wal West "
    "Whit Wick Wood Wyn Bar Bick Carl Dal Ever Fen Gil Hol Lin Mel Ned Ox Pick Rish Sel Tad Ulver Wes Yar"
)
PLACE_ENDS = _words(
    "by bury borough bridge combe cote dale den field ford gate ham hampton holme hurst ley minster stead "
    "stoke thorpe ton well wick worth"
)
FEATURES = _words(
    "Hillside Meadowbank Woodlands Brookfield Oakwood Riverside Fernhill Parkside Greenfields Highfield "
    "Westfield Lakeside Orchard Beechwood Willowbrook Ashgrove Elmhurst Moorside Springfield Heatherbank "
    "Rowan Larchwood Millbrook Stonebridge Bramley Foxhill Kingsmead Queensway Redwood Valley Northgate "
    "Southlands Broadmeadow Chestnut Holly Linden Maple Sycamore Hawthorn Birchwood Clover Primrose Bluebell "
    "Kestrel Skylark Heron"
)
SAINTS = _words(
    "Mary Joseph John Peter Paul Michael Patrick Anne Andrew Margaret Thomas Augustine Bede Cuthbert Hilda "
    "Aidan Wilfrid Chad Oswald Teresa Bernadette Francis Catherine Nicholas Luke Mark James George Edmund "
    "Alban"
)
STREETS = _words(
    "Church School Mill Station Park Victoria Queen King Albert Manor Chapel Green Orchard Meadow Grange "
    "Castle Bridge Market York Windsor Alexandra Princess Cromwell Nelson Stanley Beech Elm Oak Willow Cedar "
    "Rose Hawthorn Thornhill Highfield Valley Brook Moor Hill Priory Abbey Farm"
)
STREET_KINDS = _words(
    "Road Road Street Street Lane Lane Avenue Close Drive Way Crescent Gardens Grove Terrace View"
)
HEAD_TITLES = ("Mrs", "Mrs", "Ms", "Miss", "Mr", "Mr", "Dr")


def place_names(rng: random.Random, count: int, *, taken: set[str]) -> list[str]:
    """Made-up village and suburb names, none of them in taken (which is updated)."""
    names = []
    while len(names) < count:
        name = rng.choice(PLACE_STARTS) + rng.choice(PLACE_ENDS)
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def street_name(rng: random.Random) -> str:
    return f"{rng.choice(STREETS)} {rng.choice(STREET_KINDS)}"
