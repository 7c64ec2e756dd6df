// The product catalog of a DIY/hardware chain (our own text): nine categories, their product types, ~400 products.

import type { Rng } from './random.js';

/** A variant: label in the name; optional price factor and one extra sentence for the description. */
type VariantSpec = string | readonly [label: string, priceFactor?: number, detail?: string];

interface ItemSpec {
  /** The product noun, e.g. 'Cordless Drill/Driver'. */
  noun: string;
  /** One plain sentence on what it is for: descriptions are what semantic search matches. */
  use: string;
  /** Shelf price range in dollars before variant factors. */
  price: readonly [number, number];
  /** Variants that go before the noun ('18V', '6-in'). */
  pre?: readonly VariantSpec[];
  /** Variants that go after a comma ('1 Gal', '10-Pack'). */
  post?: readonly VariantSpec[];
}

interface TypeSpec {
  code: string;
  name: string;
  items: readonly ItemSpec[];
}

interface CategorySpec {
  code: string;
  name: string;
  /** Fictional brand prefixes. */
  brands: readonly string[];
  /** Gross margin range (fraction of price); tools and appliances run thinner than paint or fasteners. */
  margin: readonly [number, number];
  types: readonly TypeSpec[];
}

export interface CatalogProduct {
  /** Stable: category code, type code and the product's sequence within its type, e.g. 'PT-DRL-0001'. */
  sku: string;
  product_name: string;
  category: string;
  /** The product type; a semantic search for a need should land on products of the expected type. */
  type: string;
  cost: number;
  base_price: number;
  description: string;
}

export const CATALOG_SIZE = 400;

const CATEGORY_SPECS: readonly CategorySpec[] = [
  {
    code: 'HT',
    name: 'Hand Tools',
    brands: ['Ironclad', 'Keystone', 'TruGrip', 'Forgeline', 'Zava Basics'],
    margin: [0.35, 0.52],
    types: [
      {
        code: 'HAM',
        name: 'Hammers',
        items: [
          {
            noun: 'Claw Hammer',
            use: 'Steel claw hammer for driving and pulling nails in framing, fencing and everyday repairs around the house.',
            price: [14, 26],
            pre: ['16 oz', ['20 oz', 1.15]],
            post: [
              ['Fiberglass Handle', 1, 'The fiberglass handle absorbs shock and will not loosen.'],
              ['Hickory Handle', 0.9, 'A classic hickory wood handle with a comfortable feel.'],
              ['Forged Steel Handle', 1.25, 'One-piece forged steel for maximum durability.'],
            ],
          },
          {
            noun: 'Rubber Mallet',
            use: 'Rubber mallet for tapping tiles, pavers, furniture joints and tent stakes without marking the surface.',
            price: [8, 15],
            pre: ['16 oz', ['32 oz', 1.3]],
          },
          {
            noun: 'Sledgehammer',
            use: 'Heavy sledgehammer for demolition, breaking up concrete and driving stakes and fence posts.',
            price: [22, 40],
            pre: [['3 lb', 0.8], '8 lb', ['10 lb', 1.15]],
          },
          {
            noun: 'Framing Hammer',
            use: 'Framing hammer with a milled face for fast nailing of studs, joists and rafters.',
            price: [28, 45],
            pre: ['22 oz', ['28 oz', 1.1]],
          },
        ],
      },
      {
        code: 'SCR',
        name: 'Screwdrivers',
        items: [
          {
            noun: 'Screwdriver Set',
            use: 'Set of Phillips and flat-head screwdrivers for tightening screws on furniture, cabinets, switch plates and appliances.',
            price: [12, 18],
            pre: ['6-Piece', ['10-Piece', 1.5], ['14-Piece', 2]],
          },
          {
            noun: 'Ratcheting Screwdriver',
            use: 'Ratcheting multi-bit screwdriver that drives screws faster with less wrist effort; the bits store in the handle.',
            price: [12, 18],
            pre: ['12-in-1', ['20-in-1', 1.4]],
          },
          {
            noun: 'Precision Screwdriver Set',
            use: 'Small precision screwdrivers for electronics, eyeglasses, toys and battery covers.',
            price: [10, 15],
            pre: ['Magnetic'],
            post: ['24-Piece', ['32-Piece', 1.4]],
          },
          {
            noun: 'Insulated Screwdriver',
            use: 'Insulated screwdriver rated to 1000 volts for safer work on live electrical circuits.',
            price: [8, 14],
            pre: ['Phillips #2', 'Slotted 1/4-in'],
          },
        ],
      },
      {
        code: 'WRN',
        name: 'Wrenches & Sockets',
        items: [
          {
            noun: 'Adjustable Wrench',
            use: 'Adjustable wrench that fits nuts and bolts of many sizes on plumbing, bikes and furniture.',
            price: [10, 16],
            pre: [['6-in', 0.8], '8-in', ['10-in', 1.2], ['12-in', 1.4]],
          },
          {
            noun: 'Combination Wrench Set',
            use: 'Open-end and box-end wrenches for loosening and tightening nuts and bolts in tight spaces.',
            price: [25, 40],
            pre: ['SAE', 'Metric'],
            post: ['10-Piece', ['14-Piece', 1.4]],
          },
          {
            noun: 'Mechanics Socket Set',
            use: 'Ratchet and socket set with a case for car repair, assembling equipment and tightening bolts quickly.',
            price: [30, 45],
            pre: ['1/4-in Drive', ['3/8-in Drive', 1.3], ['1/2-in Drive', 1.6]],
            post: ['40-Piece', ['80-Piece', 1.7]],
          },
          {
            noun: 'Hex Key Set',
            use: 'L-shaped hex keys (Allen wrenches) for assembling flat-pack furniture and adjusting bikes and machines.',
            price: [8, 14],
            pre: ['SAE and Metric'],
            post: ['Folding', ['26-Piece', 1.3]],
          },
        ],
      },
      {
        code: 'PLR',
        name: 'Pliers',
        items: [
          {
            noun: 'Slip-Joint Pliers',
            use: 'Everyday slip-joint pliers for gripping, bending and holding nuts, wire and small parts.',
            price: [8, 14],
            pre: ['6-in', ['8-in', 1.2]],
          },
          {
            noun: 'Needle-Nose Pliers',
            use: 'Long needle-nose pliers for reaching into tight spots and bending and cutting wire.',
            price: [9, 16],
            pre: ['6-in', ['8-in', 1.15]],
          },
          {
            noun: 'Tongue-and-Groove Pliers',
            use: 'Adjustable tongue-and-groove pliers for gripping pipes, fittings and large nuts in plumbing work.',
            price: [12, 20],
            pre: ['10-in', ['12-in', 1.25]],
          },
          {
            noun: 'Locking Pliers',
            use: 'Locking pliers that clamp onto stripped bolts, pipes and work pieces and hold on by themselves.',
            price: [10, 18],
            pre: ['Curved Jaw 10-in', 'Long Nose 6-in'],
          },
          {
            noun: 'Diagonal Wire Cutters',
            use: 'Diagonal cutting pliers for snipping electrical wire, cable ties and small nails flush.',
            price: [9, 16],
            pre: ['6-in', ['8-in', 1.2]],
          },
        ],
      },
      {
        code: 'MEA',
        name: 'Measuring & Layout',
        items: [
          {
            noun: 'Tape Measure',
            use: 'Retractable tape measure for measuring rooms, lumber and furniture; the blade locks at any length.',
            price: [8, 14],
            pre: [['16 ft', 0.8], '25 ft', ['35 ft', 1.5]],
          },
          {
            noun: 'Spirit Level',
            use: 'Level for hanging pictures and shelves straight and checking that frames, posts and decks are level and plumb.',
            price: [9, 15],
            pre: ['9-in Torpedo', ['24-in Aluminum', 1.7], ['48-in Aluminum', 2.8]],
          },
          {
            noun: 'Cross-Line Laser Level',
            use: 'Self-leveling laser level that projects straight lines on the wall for hanging shelves, tiles and cabinets.',
            price: [50, 80],
            pre: ['Red Beam', ['Green Beam', 1.4]],
          },
          {
            noun: 'Speed Square',
            use: 'Rafter and speed square for marking square cuts and angles on boards.',
            price: [7, 11],
            pre: ['7-in', ['12-in', 1.5]],
          },
          {
            noun: 'Stud Finder',
            use: 'Electronic stud finder that locates wood and metal studs behind drywall before you drill or hang heavy items.',
            price: [20, 30],
            pre: ['Edge-Detecting', ['Deep-Scan', 1.5]],
          },
        ],
      },
      {
        code: 'KNF',
        name: 'Utility Knives & Blades',
        items: [
          {
            noun: 'Retractable Utility Knife',
            use: 'Utility knife for cutting cardboard, carpet, drywall and vinyl; the blade retracts for safe storage.',
            price: [8, 14],
            pre: ['Quick-Change', ['Folding', 1.2]],
          },
          {
            noun: 'Utility Blades',
            use: 'Replacement utility knife blades for clean cuts in cardboard, drywall and roofing.',
            price: [4, 6],
            post: ['10-Pack', ['50-Pack', 3], ['100-Pack', 5]],
          },
          {
            noun: 'Snap-Off Blade Knife',
            use: 'Snap-off blade knife for precise cuts in wallpaper, film and cardboard; snap off a segment for a fresh edge.',
            price: [5, 9],
            pre: ['9mm', ['18mm', 1.2], ['25mm', 1.5]],
          },
          {
            noun: 'Razor Scraper',
            use: 'Razor blade scraper for removing paint, stickers and old caulk from glass and tile.',
            price: [5, 9],
            pre: ['1-1/2-in', ['4-in', 1.4]],
          },
        ],
      },
      {
        code: 'CLP',
        name: 'Clamps',
        items: [
          {
            noun: 'Quick-Release Bar Clamp',
            use: 'One-handed bar clamp that holds boards together for gluing, cutting and assembly.',
            price: [12, 18],
            pre: [['6-in', 0.8], '12-in', ['24-in', 1.3], ['36-in', 1.6]],
          },
          {
            noun: 'C-Clamp',
            use: 'Heavy-duty steel C-clamp that holds metal and wood work pieces firmly while welding, gluing or drilling.',
            price: [6, 10],
            pre: ['2-in', ['4-in', 1.5], ['6-in', 2]],
          },
          {
            noun: 'Spring Clamp Set',
            use: 'Spring clamps for quick, light-duty holding of tarps, fabric and small glue-ups.',
            price: [8, 12],
            post: ['4-Pack', ['8-Pack', 1.6]],
          },
          {
            noun: 'Pipe Clamp Fixture',
            use: 'Pipe clamp fixture that turns a length of pipe into a long clamp for gluing up tabletops and wide panels.',
            price: [15, 25],
            pre: ['3/4-in', ['1/2-in', 0.9]],
          },
        ],
      },
    ],
  },
  {
    code: 'PT',
    name: 'Power Tools',
    brands: ['VoltEdge', 'TorqueMax', 'Stormline', 'Ironclad Pro'],
    margin: [0.22, 0.36],
    types: [
      {
        code: 'DRL',
        name: 'Drills & Drivers',
        items: [
          {
            noun: 'Cordless Drill/Driver',
            use: 'Cordless drill and driver for home use: drilling holes and driving screws in wood, metal and drywall for furniture, shelves and everyday DIY projects.',
            price: [79, 109],
            pre: [
              ['12V Compact', 0.8, 'Light and compact, ideal for small jobs around the house.'],
              ['18V', 1, 'Two-speed gearbox and a built-in LED work light.'],
              ['20V Max Brushless', 1.35, 'Brushless motor for more power and longer run time.'],
            ],
            post: [
              ['Kit', 1, 'Comes with a battery, charger and carrying bag.'],
              ['Tool Only', 0.6, 'Battery and charger sold separately.'],
            ],
          },
          {
            noun: 'Cordless Hammer Drill',
            use: 'Cordless hammer drill for drilling into brick, block and concrete as well as wood and metal.',
            price: [109, 149],
            pre: ['18V', ['20V Max Brushless', 1.3]],
            post: [
              ['Kit', 1],
              ['Tool Only', 0.65],
            ],
          },
          {
            noun: 'Impact Driver',
            use: 'Cordless impact driver that drives long screws and lag bolts into decks, fences and framing with high torque.',
            price: [79, 119],
            pre: [['12V', 0.8], '20V Max'],
            post: ['Kit', ['Tool Only', 0.65]],
          },
          {
            noun: 'Corded Drill',
            use: 'Corded electric drill with steady power for drilling holes in wood, metal and plastic, with no batteries to charge.',
            price: [39, 59],
            pre: ['6 Amp', ['8 Amp', 1.3]],
            post: ['3/8-in Chuck', ['1/2-in Chuck', 1.2]],
          },
          {
            noun: 'Drill and Driver Bit Set',
            use: 'Drill and screwdriver bits for wood, metal and masonry in a storage case.',
            price: [15, 22],
            pre: ['Titanium'],
            post: ['29-Piece', ['100-Piece', 2]],
          },
        ],
      },
      {
        code: 'SAW',
        name: 'Saws',
        items: [
          {
            noun: 'Circular Saw',
            use: 'Circular saw for fast straight cuts in plywood, boards and framing lumber.',
            price: [69, 99],
            pre: ['7-1/4-in Corded', ['6-1/2-in 20V Cordless', 1.3]],
          },
          {
            noun: 'Reciprocating Saw',
            use: 'Reciprocating saw for demolition and cutting through wood, nails, pipe and tree branches.',
            price: [79, 109],
            pre: ['Corded', ['20V Cordless', 1.3]],
          },
          {
            noun: 'Jigsaw',
            use: 'Jigsaw for curved and detailed cuts in wood, laminate and thin metal.',
            price: [49, 79],
            pre: ['Corded Variable-Speed', ['20V Cordless', 1.5]],
          },
          {
            noun: 'Miter Saw',
            use: 'Miter saw for accurate angled cuts in trim, moulding and framing lumber.',
            price: [159, 219],
            pre: ['10-in Compound', ['12-in Sliding Compound', 1.9]],
          },
          {
            noun: 'Jobsite Table Saw',
            use: 'Portable table saw for ripping long boards and cutting sheets of plywood to width.',
            price: [299, 399],
            pre: ['10-in'],
            post: [['with Folding Stand', 1.25], 'Compact'],
          },
        ],
      },
      {
        code: 'SND',
        name: 'Sanders',
        items: [
          {
            noun: 'Random Orbit Sander',
            use: 'Random orbit sander that smooths wood before painting or staining and leaves a swirl-free finish.',
            price: [49, 69],
            pre: ['5-in Corded', ['5-in 20V Cordless', 1.6]],
          },
          {
            noun: 'Palm Sheet Sander',
            use: 'Palm sander for light sanding of furniture, cabinets and doors using ordinary sandpaper.',
            price: [35, 55],
            pre: ['1/4-Sheet', ['1/2-Sheet', 1.4]],
          },
          {
            noun: 'Detail Sander',
            use: 'Small detail sander with a pointed pad for corners, edges and tight spaces.',
            price: [30, 50],
            pre: ['Corded', ['12V Cordless', 1.4]],
          },
          {
            noun: 'Belt Sander',
            use: 'Belt sander for fast removal of material, leveling boards and stripping old finish from decks and floors.',
            price: [69, 99],
            pre: ['3 x 18-in', ['3 x 21-in', 1.3]],
          },
          {
            noun: 'Hook-and-Loop Sanding Discs',
            use: 'Sanding discs for random orbit sanders in assorted grits from coarse to fine.',
            price: [10, 16],
            pre: ['5-in'],
            post: ['25-Pack 120 Grit', ['50-Pack Assorted Grit', 1.7]],
          },
        ],
      },
      {
        code: 'GRD',
        name: 'Grinders',
        items: [
          {
            noun: 'Angle Grinder',
            use: 'Angle grinder for cutting metal, grinding welds, removing rust and cutting tile with the right disc.',
            price: [59, 89],
            pre: ['4-1/2-in Corded', ['4-1/2-in 20V Cordless', 1.5], ['7-in Heavy-Duty', 1.8]],
          },
          {
            noun: 'Bench Grinder',
            use: 'Bench grinder for sharpening chisels, mower blades and tools and shaping metal parts.',
            price: [69, 99],
            pre: ['6-in', ['8-in', 1.5]],
          },
          {
            noun: 'Metal Cut-Off Wheels',
            use: 'Thin abrasive cut-off wheels for angle grinders to cut steel, rebar and rusted bolts.',
            price: [10, 15],
            pre: ['4-1/2-in'],
            post: ['10-Pack', ['25-Pack', 2.1]],
          },
          {
            noun: 'Wire Wheel Brush',
            use: 'Wire wheel for angle grinders that strips rust, paint and scale from metal.',
            price: [10, 16],
            pre: ['Twisted Knot', 'Crimped'],
          },
        ],
      },
      {
        code: 'BAT',
        name: 'Batteries & Chargers',
        items: [
          {
            noun: 'Lithium-Ion Battery',
            use: 'Rechargeable lithium-ion battery that fits the whole cordless tool line; a fuel gauge shows the charge left.',
            price: [59, 79],
            pre: [['20V 2.0Ah', 0.8], '20V 4.0Ah', ['20V 6.0Ah', 1.5], ['12V 2.0Ah', 0.7]],
          },
          {
            noun: 'Rapid Battery Charger',
            use: 'Fast charger for cordless tool batteries that charges most packs in under an hour.',
            price: [39, 59],
            pre: ['20V', ['12V', 0.8], ['20V Dual-Port', 1.6]],
          },
          {
            noun: 'Battery Starter Kit',
            use: 'Two batteries and a charger to start or grow a cordless tool collection.',
            price: [129, 169],
            pre: ['20V 2 x 4.0Ah', ['20V 2 x 6.0Ah', 1.3]],
          },
        ],
      },
      {
        code: 'OSC',
        name: 'Oscillating & Rotary Tools',
        items: [
          {
            noun: 'Oscillating Multi-Tool',
            use: 'Oscillating multi-tool for flush cuts in door trim, cutting drywall openings, scraping and detail sanding.',
            price: [59, 89],
            pre: ['Corded', ['20V Cordless', 1.4]],
          },
          {
            noun: 'Rotary Tool Kit',
            use: 'High-speed rotary tool for carving, engraving, polishing and cutting small parts in hobby and craft projects.',
            price: [49, 69],
            post: ['with 40 Accessories', ['with 120 Accessories', 1.5]],
          },
          {
            noun: 'Oscillating Blade Set',
            use: 'Replacement blades for oscillating multi-tools to cut wood, nails and drywall.',
            price: [20, 28],
            post: ['10-Piece', ['20-Piece', 1.6]],
          },
          {
            noun: 'Rotary Tool Accessory Kit',
            use: 'Sanding drums, cutting wheels and polishing bits for rotary tools in a sorted case.',
            price: [15, 22],
            post: ['100-Piece', ['200-Piece', 1.5]],
          },
        ],
      },
    ],
  },
  {
    code: 'PS',
    name: 'Paint & Supplies',
    brands: ['Cascadia Coatings', 'TrueHue', 'Evercoat'],
    margin: [0.4, 0.55],
    types: [
      {
        code: 'INT',
        name: 'Interior Paint',
        items: [
          {
            noun: 'Interior Latex Paint',
            use: 'Low-odor interior wall paint for living rooms, bedrooms and hallways with one-coat coverage that washes clean.',
            price: [34, 46],
            pre: ['Flat', 'Eggshell', 'Satin', ['Semi-Gloss', 1.05]],
            post: ['Ultra White 1 Gal', 'Soft Gray 1 Gal', 'Harbor Blue 1 Gal', ['Ultra White 5 Gal', 4.3]],
          },
          {
            noun: 'Ceiling Paint',
            use: 'Flat white ceiling paint that hides stains and reduces spatter when rolling overhead.',
            price: [28, 38],
            post: ['1 Gal', ['5 Gal', 4.2]],
          },
          {
            noun: 'Kitchen and Bath Paint',
            use: 'Moisture- and mildew-resistant interior paint for kitchens, bathrooms and laundry rooms.',
            price: [38, 52],
            pre: ['Satin', 'Semi-Gloss'],
            post: ['1 Gal'],
          },
          {
            noun: 'Cabinet and Trim Enamel',
            use: 'Hard, smooth enamel for painting interior doors, trim and kitchen cabinets.',
            price: [22, 30],
            pre: ['Satin', 'Gloss'],
            post: ['1 Qt', ['1 Gal', 2.4]],
          },
        ],
      },
      {
        code: 'EXT',
        name: 'Exterior Paint & Stain',
        items: [
          {
            noun: 'Exterior Acrylic House Paint',
            use: 'Weather-resistant exterior paint for the outside of the house, siding, trim and fences that resists peeling, fading and mildew.',
            price: [42, 58],
            pre: ['Flat', 'Satin'],
            post: ['1 Gal', ['5 Gal', 4.2]],
          },
          {
            noun: 'Semi-Transparent Deck Stain',
            use: 'Deck and fence stain that protects outdoor wood from sun and rain while the wood grain still shows.',
            price: [36, 50],
            pre: ['Cedar', 'Redwood', 'Natural'],
            post: ['1 Gal'],
          },
          {
            noun: 'Solid Color Deck Stain',
            use: 'Opaque stain that hides worn, weathered deck boards and fences under a durable colored finish.',
            price: [38, 54],
            pre: ['Slate Gray', 'Chestnut Brown'],
            post: ['1 Gal'],
          },
          {
            noun: 'Clear Wood Sealer',
            use: 'Clear water-repellent sealer that keeps decks, fences and outdoor furniture from soaking up rain.',
            price: [20, 30],
            post: ['1 Gal', ['5 Gal', 4]],
          },
        ],
      },
      {
        code: 'PRM',
        name: 'Primers',
        items: [
          {
            noun: 'Stain-Blocking Primer',
            use: 'Primer that seals water, smoke and marker stains so they do not bleed through new paint.',
            price: [14, 20],
            pre: ['Water-Based', ['Oil-Based', 1.2]],
            post: ['1 Qt', ['1 Gal', 2.5]],
          },
          {
            noun: 'Drywall Primer-Sealer',
            use: 'Primer-sealer for new drywall and patched walls so the topcoat dries to an even color.',
            price: [18, 24],
            post: ['1 Gal', ['5 Gal', 4]],
          },
          {
            noun: 'Bonding Primer',
            use: 'Bonding primer that helps paint stick to glossy surfaces such as tile, laminate and glass.',
            price: [18, 24],
            post: ['1 Qt', ['1 Gal', 2.4]],
          },
          {
            noun: 'Rust-Inhibiting Metal Primer',
            use: 'Primer for metal railings, gates and tools that stops rust before painting.',
            price: [8, 12],
            post: ['Spray 12 oz', ['1 Qt', 1.8]],
          },
        ],
      },
      {
        code: 'BRS',
        name: 'Brushes & Rollers',
        items: [
          {
            noun: 'Angled Sash Brush',
            use: 'Angled paint brush for cutting in neat edges along trim, ceilings and corners.',
            price: [6, 9],
            pre: [['1-1/2-in', 0.8], '2-in', ['2-1/2-in', 1.25], ['3-in', 1.5]],
          },
          {
            noun: 'Paint Roller Kit',
            use: 'Roller frame, tray and covers for painting walls and ceilings quickly and evenly.',
            price: [12, 18],
            pre: ['9-in'],
            post: ['3-Piece', ['7-Piece', 1.6]],
          },
          {
            noun: 'Roller Covers',
            use: 'Replacement roller covers; pick the nap length for smooth, semi-smooth or rough surfaces.',
            price: [8, 12],
            pre: ['3/8-in Nap', '1/2-in Nap', ['3/4-in Nap', 1.1]],
            post: ['3-Pack'],
          },
          {
            noun: 'Telescoping Extension Pole',
            use: 'Extension pole for paint rollers to reach ceilings and high walls without a ladder.',
            price: [12, 18],
            pre: ['2-4 ft', ['4-8 ft', 1.5]],
          },
        ],
      },
      {
        code: 'SPR',
        name: 'Spray Paint',
        items: [
          {
            noun: 'Multi-Surface Spray Paint',
            use: 'All-purpose spray paint for wood, metal, plastic and wicker for quick projects and touch-ups.',
            price: [5, 8],
            pre: ['Gloss Black', 'Flat White', 'Satin Espresso', 'Gloss Red', 'Metallic Silver'],
            post: ['12 oz'],
          },
          {
            noun: 'High-Heat Spray Paint',
            use: 'Heat-resistant spray paint for grills, fire pits, wood stoves and engine parts.',
            price: [8, 11],
            pre: ['Black', 'Silver'],
            post: ['12 oz'],
          },
          {
            noun: 'Rust Protection Spray Paint',
            use: 'Rust-preventive enamel spray that paints and protects metal railings, patio furniture and tools.',
            price: [7, 10],
            pre: ['Hunter Green', 'Gloss Black', 'Hammered Bronze'],
            post: ['12 oz'],
          },
          {
            noun: 'Inverted Marking Paint',
            use: 'Upside-down marking spray paint for marking utility lines, dig sites and layouts on grass and dirt.',
            price: [5, 8],
            pre: ['Fluorescent Orange', 'Fluorescent Pink'],
            post: ['17 oz'],
          },
        ],
      },
      {
        code: 'TAP',
        name: "Painter's Tape & Drop Cloths",
        items: [
          {
            noun: "Painter's Tape",
            use: "Painter's tape that masks trim, windows and edges for clean paint lines and peels off without leaving residue.",
            price: [5, 7],
            pre: [['0.94-in', 0.8], '1.41-in', ['1.88-in', 1.3]],
            post: ['60 yd'],
          },
          {
            noun: 'Canvas Drop Cloth',
            use: 'Reusable canvas drop cloth that protects floors and furniture from paint drips and spills.',
            price: [12, 18],
            pre: ['4 x 12 ft', ['9 x 12 ft', 1.8]],
          },
          {
            noun: 'Plastic Drop Cloth',
            use: 'Lightweight plastic sheeting that covers furniture and floors while painting.',
            price: [4, 6],
            pre: ['9 x 12 ft'],
            post: ['3-Pack', ['10-Pack', 2.5]],
          },
          {
            noun: 'Masking Film Dispenser',
            use: 'Pre-taped masking film that covers windows, cabinets and walls in one step before spraying or rolling paint.',
            price: [14, 22],
            pre: ['24-in', ['48-in', 1.4]],
          },
        ],
      },
    ],
  },
  {
    code: 'HW',
    name: 'Hardware',
    brands: ['Anchorline', 'Steelcraft', 'Harbor Forge', 'Zava Basics'],
    margin: [0.42, 0.55],
    types: [
      {
        code: 'SCN',
        name: 'Screws & Nails',
        items: [
          {
            noun: 'Wood Screws',
            use: 'Coarse-thread wood screws for furniture, cabinets, framing and general woodworking.',
            price: [7, 10],
            pre: ['#8 x 1-1/4-in', '#8 x 2-in', ['#10 x 3-in', 1.2]],
            post: ['1 lb Box', ['5 lb Box', 3.8]],
          },
          {
            noun: 'Exterior Deck Screws',
            use: 'Coated deck screws that resist rust for building decks, fences and outdoor projects with pressure-treated lumber.',
            price: [10, 14],
            pre: ['#9 x 2-1/2-in', '#10 x 3-in'],
            post: ['1 lb Box', ['5 lb Box', 3.8]],
          },
          {
            noun: 'Drywall Screws',
            use: 'Fine-thread drywall screws for hanging drywall sheets on wood or metal studs.',
            price: [6, 9],
            pre: ['#6 x 1-1/4-in', '#6 x 1-5/8-in'],
            post: ['1 lb Box', ['5 lb Box', 3.8]],
          },
          {
            noun: 'Common Nails',
            use: 'Bright common nails for framing and general construction.',
            price: [5, 7],
            pre: ['8d', '16d'],
            post: ['1 lb Box', ['5 lb Box', 3.6]],
          },
          {
            noun: 'Finish Nails',
            use: 'Small-head finish nails for trim, moulding and cabinets where the nail head should be hidden.',
            price: [5, 7],
            pre: ['4d', '6d'],
            post: ['1 lb Box'],
          },
        ],
      },
      {
        code: 'BLT',
        name: 'Bolts, Nuts & Washers',
        items: [
          {
            noun: 'Hex Bolts',
            use: 'Zinc-plated hex bolts for fastening wood and metal together with nuts and washers.',
            price: [5, 8],
            pre: ['1/4-in x 2-in', ['3/8-in x 4-in', 1.6], ['1/2-in x 6-in', 2.4]],
            post: ['10-Pack', ['25-Pack', 2.2]],
          },
          {
            noun: 'Carriage Bolts',
            use: 'Round-head carriage bolts for wood-to-wood joints on decks, playsets and gates; the square neck stops them turning.',
            price: [8, 12],
            pre: ['3/8-in x 4-in', ['1/2-in x 6-in', 1.6]],
            post: ['10-Pack'],
          },
          {
            noun: 'Lag Screws',
            use: 'Heavy lag screws for attaching ledger boards, posts and heavy brackets to wood framing.',
            price: [7, 10],
            pre: ['5/16-in x 3-in', ['3/8-in x 4-in', 1.4]],
            post: ['10-Pack'],
          },
          {
            noun: 'Nut and Washer Assortment',
            use: 'Assorted hex nuts, flat washers and lock washers in a sorted case.',
            price: [15, 20],
            post: ['350-Piece', ['600-Piece', 1.5]],
          },
        ],
      },
      {
        code: 'HNG',
        name: 'Hinges & Gate Hardware',
        items: [
          {
            noun: 'Heavy-Duty T-Hinge',
            use: 'Heavy-duty T-hinge for shed doors, barn doors and wooden gates; the long strap carries the weight and keeps the door from sagging.',
            price: [6, 9],
            pre: ['4-in', ['6-in', 1.3], ['8-in', 1.7]],
            post: ['Black', 'Galvanized'],
          },
          {
            noun: 'Heavy-Duty Strap Hinge',
            use: 'Strong strap hinge for heavy shed doors, gates and large chests that spreads the load so the door stays square and does not sag.',
            price: [9, 13],
            pre: ['8-in', ['12-in', 1.5]],
            post: ['Black', 'Galvanized'],
          },
          {
            noun: 'Gate Hinge Set',
            use: 'Heavy-duty hinge set for wood fence gates and shed doors that keeps the gate hanging level and closing smoothly.',
            price: [16, 24],
            pre: ['Self-Closing', ['Adjustable', 1.2]],
          },
          {
            noun: 'Anti-Sag Gate Kit',
            use: 'Cable and turnbuckle kit that pulls a sagging gate or shed door back into square.',
            price: [18, 24],
            pre: ['Standard', ['Heavy-Duty', 1.3]],
          },
          {
            noun: 'Interior Door Hinges',
            use: 'Replacement hinges for interior doors with matching screws.',
            price: [8, 12],
            pre: ['3-1/2-in Satin Nickel', '3-1/2-in Oil-Rubbed Bronze', ['4-in Matte Black', 1.2]],
            post: ['2-Pack'],
          },
          {
            noun: 'Gravity Gate Latch',
            use: 'Gravity latch that catches automatically to keep a garden gate closed.',
            price: [7, 11],
            pre: ['Black', 'Galvanized'],
          },
        ],
      },
      {
        code: 'LCK',
        name: 'Locks & Door Hardware',
        items: [
          {
            noun: 'Keyed Entry Door Knob',
            use: 'Keyed knob for front and back entry doors that locks from outside with a key and inside with a turn button.',
            price: [20, 30],
            pre: ['Satin Nickel', 'Matte Black', ['Polished Brass', 0.9]],
          },
          {
            noun: 'Single-Cylinder Deadbolt',
            use: 'Deadbolt lock that adds security to exterior doors and fits standard door holes.',
            price: [22, 32],
            pre: ['Satin Nickel', 'Matte Black'],
          },
          {
            noun: 'Smart Keypad Deadbolt',
            use: 'Keypad deadbolt that opens with a code or a phone app, so nobody needs a key.',
            price: [109, 149],
            pre: ['Bluetooth', ['Wi-Fi', 1.3]],
          },
          {
            noun: 'Padlock',
            use: 'Weather-resistant padlock for sheds, gates, lockers and storage units.',
            price: [8, 14],
            pre: ['Laminated Steel 1-3/4-in', 'Brass 1-1/2-in', ['Resettable Combination', 1.3]],
          },
          {
            noun: 'Lever Passage Handle',
            use: 'Non-locking lever handle for hallway and closet doors that is easy to open with full hands.',
            price: [14, 22],
            pre: ['Satin Nickel', 'Matte Black'],
          },
        ],
      },
      {
        code: 'HOK',
        name: 'Hooks & Hangers',
        items: [
          {
            noun: 'Picture Hanging Kit',
            use: 'Hooks, nails and wire for hanging frames, mirrors and art on walls.',
            price: [6, 9],
            post: ['50-Piece', ['200-Piece', 1.7]],
          },
          {
            noun: 'Vinyl-Coated Utility Hooks',
            use: 'Screw-in hooks for hanging tools, bikes, cords and hoses on garage walls and ceilings.',
            price: [5, 8],
            pre: ['Utility', ['Bike', 1.2]],
            post: ['2-Pack', ['6-Pack', 2.5]],
          },
          {
            noun: 'Brass Cup Hooks',
            use: 'Small screw-in cup hooks for hanging mugs, keys and light items under cabinets.',
            price: [3, 5],
            post: ['12-Pack'],
          },
          {
            noun: 'Adhesive Wall Hooks',
            use: 'Damage-free adhesive hooks for hanging towels, keys and decorations without nails or holes.',
            price: [5, 8],
            pre: ['Small', 'Medium', ['Large', 1.3]],
            post: ['6-Pack'],
          },
          {
            noun: 'Hook and Eye Latch',
            use: 'Simple hook and eye that keeps cabinet doors, gates and screen doors closed.',
            price: [3, 5],
            pre: ['2-in', ['4-in', 1.4]],
          },
        ],
      },
      {
        code: 'BRK',
        name: 'Brackets & Braces',
        items: [
          {
            noun: 'Shelf Brackets',
            use: 'Steel shelf brackets for putting up wall shelves in closets, garages and kitchens.',
            price: [3, 5],
            pre: ['6 x 8-in', ['8 x 10-in', 1.3], ['10 x 12-in', 1.7]],
            post: ['White', 'Black'],
          },
          {
            noun: 'Corner Braces',
            use: 'L-shaped corner braces that strengthen and square up the joints of frames, cabinets and furniture.',
            price: [3, 5],
            pre: ['2-in', ['3-in', 1.3]],
            post: ['4-Pack'],
          },
          {
            noun: 'Joist Hanger',
            use: 'Galvanized joist hanger that connects deck and floor joists to beams and ledger boards.',
            price: [1.5, 2.5],
            pre: ['2 x 6', ['2 x 8', 1.2], ['2 x 10', 1.4]],
          },
          {
            noun: 'Mending Plates',
            use: 'Flat steel mending plates to repair and reinforce cracked or split wood joints.',
            price: [3, 5],
            pre: ['3-in', ['5-in', 1.4]],
            post: ['4-Pack'],
          },
          {
            noun: 'Hurricane Tie',
            use: 'Galvanized tie that anchors rafters and trusses to wall framing against wind uplift.',
            price: [1, 2],
            pre: ['H1', ['H2.5A', 0.8]],
          },
        ],
      },
      {
        code: 'ANC',
        name: 'Wall Anchors',
        items: [
          {
            noun: 'Plastic Drywall Anchors',
            use: 'Plastic anchors that hold screws firmly in drywall and plaster for light shelves, towel bars and curtain rods.',
            price: [3, 5],
            pre: ['#6-8', '#10-12'],
            post: ['25-Pack', ['100-Pack', 2.6]],
          },
          {
            noun: 'Self-Drilling Drywall Anchors',
            use: 'Threaded anchors that screw straight into drywall without pre-drilling, for hanging mirrors and shelves.',
            price: [6, 9],
            post: ['25-Pack', ['50-Pack', 1.7]],
          },
          {
            noun: 'Spring Toggle Bolts',
            use: 'Toggle bolts for hanging heavy mirrors, cabinets and TV mounts on hollow drywall.',
            price: [5, 8],
            pre: ['1/8-in', ['3/16-in', 1.2], ['1/4-in', 1.4]],
            post: ['10-Pack'],
          },
          {
            noun: 'Concrete Screw Anchors',
            use: 'Masonry screws for anchoring brackets, sill plates and fixtures into concrete, brick and block.',
            price: [10, 14],
            pre: ['3/16-in x 2-3/4-in', ['1/4-in x 3-1/4-in', 1.3]],
            post: ['25-Pack', ['100-Pack', 3]],
          },
          {
            noun: 'Sleeve Anchors',
            use: 'Sleeve anchors for heavy-duty fastening into concrete and masonry.',
            price: [10, 15],
            pre: ['3/8-in x 3-in'],
            post: ['10-Pack'],
          },
        ],
      },
    ],
  },
  {
    code: 'LB',
    name: 'Lumber & Building Materials',
    brands: ['Northwood', 'Cedar Ridge', 'Summit Build'],
    margin: [0.2, 0.35],
    types: [
      {
        code: 'DIM',
        name: 'Dimensional Lumber',
        items: [
          {
            noun: 'Kiln-Dried Whitewood Stud',
            use: 'Kiln-dried framing lumber for interior walls, studs and general construction.',
            price: [4, 5],
            pre: ['2 x 4 x 8 ft', ['2 x 4 x 10 ft', 1.35], ['2 x 6 x 8 ft', 1.8]],
          },
          {
            noun: 'Pressure-Treated Lumber',
            use: 'Pressure-treated lumber that resists rot and insects for decks, fences, raised beds and outdoor framing.',
            price: [7, 9],
            pre: ['2 x 4 x 8 ft', ['2 x 6 x 10 ft', 1.9], ['4 x 4 x 8 ft', 1.6]],
          },
          {
            noun: 'Cedar Fence Picket',
            use: 'Rough-sawn cedar picket for building and repairing wood fences.',
            price: [3, 5],
            pre: ['5/8-in x 5-1/2-in x 6 ft'],
            post: ['Dog-Ear', 'Flat-Top'],
          },
          {
            noun: 'Select Pine Board',
            use: 'Smooth select pine board for shelving, trim and woodworking projects.',
            price: [9, 12],
            pre: [['1 x 4 x 8 ft', 0.8], '1 x 6 x 8 ft', ['1 x 12 x 6 ft', 1.9]],
          },
        ],
      },
      {
        code: 'PLY',
        name: 'Plywood & Sheet Goods',
        items: [
          {
            noun: 'Sanded Plywood',
            use: 'Sanded plywood with a smooth face for cabinets, shelving and furniture projects.',
            price: [28, 36],
            pre: [['1/4-in', 0.6], '1/2-in', ['3/4-in', 1.5]],
            post: ['4 x 8 ft', ['2 x 4 ft', 0.35]],
          },
          {
            noun: 'OSB Sheathing',
            use: 'Oriented strand board for roof, wall and subfloor sheathing.',
            price: [15, 20],
            pre: ['7/16-in', ['23/32-in', 1.8]],
            post: ['4 x 8 ft'],
          },
          {
            noun: 'MDF Panel',
            use: 'Smooth medium-density fiberboard for painted furniture, shelving and crafts.',
            price: [30, 38],
            pre: [['1/2-in', 0.8], '3/4-in'],
            post: ['4 x 8 ft', ['2 x 4 ft', 0.35]],
          },
          {
            noun: 'Hardboard Panel',
            use: 'Thin tempered hardboard for drawer bottoms, cabinet backs and protective floor covering.',
            price: [12, 16],
            pre: ['1/8-in'],
            post: ['4 x 8 ft', ['2 x 4 ft', 0.4]],
          },
        ],
      },
      {
        code: 'DRY',
        name: 'Drywall & Accessories',
        items: [
          {
            noun: 'Drywall Panel',
            use: 'Gypsum drywall panel for building and finishing interior walls and ceilings.',
            price: [13, 16],
            pre: ['1/2-in Lightweight', ['5/8-in Fire-Resistant', 1.25], ['1/2-in Moisture-Resistant', 1.3]],
            post: ['4 x 8 ft'],
          },
          {
            noun: 'All-Purpose Joint Compound',
            use: 'Ready-mixed joint compound for taping drywall seams and patching holes and cracks in walls.',
            price: [8, 11],
            post: ['1 Gal', ['4.5 Gal', 2]],
          },
          {
            noun: 'Drywall Repair Patch',
            use: 'Self-adhesive patch for fixing doorknob holes and dents in drywall.',
            price: [4, 6],
            pre: ['4 x 4-in', ['6 x 6-in', 1.3], ['8 x 8-in', 1.6]],
          },
          {
            noun: 'Drywall Joint Tape',
            use: 'Tape that reinforces drywall seams under joint compound.',
            price: [4, 6],
            pre: ['Paper', ['Fiberglass Mesh', 1.3]],
            post: ['250 ft', ['500 ft', 1.7]],
          },
        ],
      },
      {
        code: 'CON',
        name: 'Concrete & Mortar',
        items: [
          {
            noun: 'Fast-Setting Concrete Mix',
            use: 'Fast-setting concrete for setting fence posts, mailbox posts and deck footings without mixing; just add water.',
            price: [7, 9],
            post: ['50 lb', ['80 lb', 1.4]],
          },
          {
            noun: 'High-Strength Concrete Mix',
            use: 'Concrete mix for pouring slabs, sidewalks, steps and patios.',
            price: [5, 7],
            post: ['60 lb', ['80 lb', 1.3]],
          },
          {
            noun: 'Type S Mortar Mix',
            use: 'Mortar mix for laying brick, block and stone.',
            price: [8, 11],
            post: ['60 lb', ['80 lb', 1.3]],
          },
          {
            noun: 'Concrete Crack Repair',
            use: 'Ready-to-use concrete repair for filling cracks and holes in sidewalks, driveways and steps.',
            price: [10, 14],
            pre: ['Vinyl Patch', 'Self-Leveling Sealant'],
            post: ['1 Qt', ['1 Gal', 2.3]],
          },
        ],
      },
      {
        code: 'INS',
        name: 'Insulation',
        items: [
          {
            noun: 'Fiberglass Batt Insulation',
            use: 'Fiberglass batts for walls, attics and floors that keep homes warmer in winter and cooler in summer.',
            price: [32, 42],
            pre: ['R-13 3-1/2-in', ['R-19 6-1/4-in', 1.3], ['R-30 10-in', 1.6]],
          },
          {
            noun: 'Foam Board Insulation',
            use: 'Rigid foam board for insulating basements, foundations and exterior walls.',
            price: [12, 16],
            pre: ['1/2-in', ['1-in', 1.6], ['2-in', 2.6]],
            post: ['4 x 8 ft'],
          },
          {
            noun: 'Expanding Spray Foam Sealant',
            use: 'Expanding foam that seals gaps and cracks around windows, doors and pipes to stop drafts.',
            price: [6, 9],
            pre: ['Gaps and Cracks', 'Window and Door'],
            post: ['12 oz'],
          },
          {
            noun: 'Foam Weatherstripping Tape',
            use: 'Self-adhesive foam tape that seals doors and windows against drafts, dust and insects.',
            price: [5, 8],
            pre: ['3/8-in', ['1/2-in', 1.2]],
            post: ['17 ft'],
          },
        ],
      },
      {
        code: 'MLD',
        name: 'Moulding & Trim',
        items: [
          {
            noun: 'Primed MDF Baseboard',
            use: 'Baseboard trim that covers the gap between wall and floor and is primed and ready to paint.',
            price: [9, 13],
            pre: ['3-1/4-in', ['5-1/4-in', 1.5]],
            post: ['8 ft', ['16 ft', 1.9]],
          },
          {
            noun: 'Door and Window Casing',
            use: 'Primed casing trim that frames doors and windows for a finished look.',
            price: [8, 12],
            pre: ['2-1/4-in Colonial', ['3-1/4-in Craftsman', 1.3]],
            post: ['7 ft'],
          },
          {
            noun: 'Crown Moulding',
            use: 'Decorative crown moulding for the joint between walls and ceilings.',
            price: [12, 17],
            pre: ['3-5/8-in', ['4-5/8-in', 1.3]],
            post: ['8 ft'],
          },
          {
            noun: 'Quarter Round Moulding',
            use: 'Quarter round trim that hides the gap along baseboards and flooring.',
            price: [4, 6],
            pre: ['Primed MDF', ['Unfinished Pine', 1.3]],
            post: ['8 ft'],
          },
        ],
      },
    ],
  },
  {
    code: 'EL',
    name: 'Electrical',
    brands: ['Brightline', 'Voltara', 'SafeCircuit'],
    margin: [0.35, 0.52],
    types: [
      {
        code: 'WIR',
        name: 'Wire & Cable',
        items: [
          {
            noun: 'NM-B Indoor Electrical Cable',
            use: 'Sheathed indoor house wiring for running branch circuits to receptacles, switches and lights.',
            price: [22, 30],
            pre: ['14/2 with Ground', ['12/2 with Ground', 1.4], ['10/3 with Ground', 2.6]],
            post: [['25 ft', 0.5], '50 ft', ['250 ft', 4]],
          },
          {
            noun: 'Underground Feeder Cable',
            use: 'Direct-burial UF cable for running power underground to sheds, garages and lamp posts.',
            price: [60, 80],
            pre: ['12/2 with Ground', ['10/2 with Ground', 1.5]],
            post: ['50 ft', ['100 ft', 1.8]],
          },
          {
            noun: 'THHN Stranded Building Wire',
            use: 'Single-conductor building wire for pulling through conduit.',
            price: [18, 24],
            pre: ['14 AWG', ['12 AWG', 1.4]],
            post: ['Black 100 ft', 'White 100 ft', 'Green 100 ft'],
          },
          {
            noun: 'Twist-On Wire Connectors',
            use: 'Wire nuts for joining electrical wires safely inside junction, switch and fixture boxes.',
            price: [4, 6],
            post: ['25-Pack', ['100-Pack', 2.5]],
          },
        ],
      },
      {
        code: 'OUT',
        name: 'Outlets & Switches',
        items: [
          {
            noun: 'Tamper-Resistant Duplex Outlet',
            use: 'Standard wall outlet (receptacle) for plugging in lamps, chargers and appliances, with shutters that protect small children.',
            price: [2, 3],
            pre: [
              ['15 Amp', 1, 'Rated 15 amp, 125 volt for ordinary household circuits.'],
              ['20 Amp', 1.6, 'Rated 20 amp, 125 volt for kitchen, garage and laundry circuits.'],
            ],
            post: ['White', 'Light Almond', ['White 10-Pack', 8]],
          },
          {
            noun: 'GFCI Outlet',
            use: 'Ground fault circuit interrupter outlet that cuts power in a split second to prevent shocks in kitchens, bathrooms, garages and outdoors.',
            price: [16, 22],
            pre: [
              ['15 Amp', 1, 'Rated 15 amp, 125 volt with a self-test and a status light.'],
              ['20 Amp', 1.2, 'Rated 20 amp, 125 volt with a self-test and a status light.'],
            ],
            post: ['White', ['Weather-Resistant White', 1.15]],
          },
          {
            noun: 'USB Charger Outlet',
            use: 'Wall outlet with built-in USB-A and USB-C charging ports so phones and tablets charge without adapters.',
            price: [20, 28],
            pre: [['15 Amp', 1, 'Rated 15 amp, 125 volt with two standard plug-in receptacles.']],
            post: ['White', 'Black'],
          },
          {
            noun: 'Toggle Light Switch',
            use: 'Single-pole toggle switch for turning a light or fan on and off from one place.',
            price: [2, 3],
            pre: ['Single-Pole', ['3-Way', 1.8]],
            post: ['White', 'Ivory'],
          },
          {
            noun: 'LED Dimmer Switch',
            use: 'Dimmer switch that adjusts the brightness of LED and incandescent lights.',
            price: [16, 24],
            pre: ['Single-Pole', ['3-Way', 1.2]],
          },
          {
            noun: 'Smart Wi-Fi Light Switch',
            use: 'Wi-Fi light switch that controls lights from a phone app, on a schedule or by voice assistant.',
            price: [25, 35],
            pre: ['On/Off', ['Dimmer', 1.3]],
          },
        ],
      },
      {
        code: 'BOX',
        name: 'Electrical Boxes',
        items: [
          {
            noun: 'Weatherproof Outdoor Electrical Box',
            use: 'Waterproof, weatherproof outdoor electrical box for mounting receptacles and switches on exterior walls, decks and patios.',
            price: [6, 9],
            pre: ['1-Gang', ['2-Gang', 1.4]],
            post: ['Gray', 'White'],
          },
          {
            noun: 'In-Use Weatherproof Cover',
            use: 'Bubble cover that keeps an outdoor receptacle dry and waterproof even while a cord is plugged in.',
            price: [10, 14],
            pre: ['1-Gang', ['2-Gang', 1.6]],
          },
          {
            noun: 'Old Work Electrical Box',
            use: 'Plastic remodel box for adding a switch or receptacle to an existing finished wall.',
            price: [2, 3],
            pre: ['1-Gang', ['2-Gang', 1.5], ['3-Gang', 2.2]],
          },
          {
            noun: 'New Work Electrical Box',
            use: 'Nail-on plastic box for switches and receptacles in new construction with open studs.',
            price: [1, 2],
            pre: ['1-Gang', ['2-Gang', 1.5]],
          },
          {
            noun: 'Fan-Rated Ceiling Box',
            use: 'Metal ceiling box rated to carry ceiling fans and heavy light fixtures.',
            price: [9, 14],
            pre: ['Round 4-in', ['Adjustable Brace', 2]],
          },
        ],
      },
      {
        code: 'LGT',
        name: 'Lighting',
        items: [
          {
            noun: 'LED Light Bulbs',
            use: 'Energy-saving LED bulbs for lamps and ceiling fixtures that last for years.',
            price: [8, 12],
            pre: ['60W Equivalent A19 Soft White', '60W Equivalent A19 Daylight', ['100W Equivalent A19 Soft White', 1.4], ['BR30 Flood', 1.3]],
            post: ['4-Pack'],
          },
          {
            noun: 'LED Flush Mount Ceiling Light',
            use: 'Low-profile LED ceiling light for hallways, bedrooms and closets.',
            price: [25, 35],
            pre: ['11-in', ['14-in', 1.4]],
            post: ['Brushed Nickel', 'Matte Black'],
          },
          {
            noun: 'Linkable LED Shop Light',
            use: 'Bright LED shop light for garages, workshops and basements that links end to end.',
            price: [30, 40],
            pre: ['4 ft'],
            post: ['4000 Lumen', ['5000 Lumen', 1.3]],
          },
          {
            noun: 'Motion-Sensor Security Light',
            use: 'Motion-activated flood light that switches on when someone approaches a driveway, yard or doorway.',
            price: [40, 55],
            pre: ['Dual-Head LED', ['Triple-Head LED', 1.5]],
          },
          {
            noun: 'Under-Cabinet Light Bar',
            use: 'Plug-in LED light bar that lights up kitchen counters and workbenches from under the cabinets.',
            price: [15, 20],
            pre: ['12-in', ['18-in', 1.3], ['24-in', 1.6]],
          },
        ],
      },
      {
        code: 'CBR',
        name: 'Circuit Breakers',
        items: [
          {
            noun: 'Single-Pole Circuit Breaker',
            use: 'Plug-in breaker for the electrical panel that protects a 120 volt branch circuit from overloads and short circuits.',
            price: [6, 9],
            pre: ['15A', ['20A', 1.05]],
          },
          {
            noun: 'Double-Pole Circuit Breaker',
            use: 'Two-pole breaker for 240 volt circuits such as dryers, ranges, water heaters and air conditioners.',
            price: [12, 16],
            pre: ['30A', ['40A', 1.15], ['50A', 1.3]],
          },
          {
            noun: 'AFCI Circuit Breaker',
            use: 'Arc-fault breaker that helps prevent electrical fires from damaged cords and wiring in bedrooms and living areas.',
            price: [40, 50],
            pre: ['15A', ['20A', 1.05]],
          },
          {
            noun: 'GFCI Circuit Breaker',
            use: 'Ground fault breaker that protects a whole circuit for bathrooms, hot tubs and buried wiring.',
            price: [45, 60],
            pre: ['20A Single-Pole', ['50A Double-Pole', 2]],
          },
          {
            noun: 'Main Breaker Load Center',
            use: 'Main breaker panel that distributes power to the circuits of a house, used for new homes, additions and panel upgrades.',
            price: [130, 170],
            pre: ['100A 20-Space', ['200A 40-Space', 1.8]],
          },
        ],
      },
      {
        code: 'EXC',
        name: 'Extension Cords & Power Strips',
        items: [
          {
            noun: 'Outdoor Extension Cord',
            use: 'Weather-resistant extension cord for lawn tools, holiday lights and power tools outside.',
            price: [15, 20],
            pre: ['16/3', ['12/3', 1.7]],
            post: ['25 ft', ['50 ft', 1.6], ['100 ft', 2.8]],
          },
          {
            noun: 'Indoor Extension Cord',
            use: 'Slim indoor extension cord for lamps, fans and electronics.',
            price: [4, 6],
            pre: ['6 ft', ['9 ft', 1.2], ['15 ft', 1.5]],
            post: ['White', 'Brown'],
          },
          {
            noun: 'Surge Protector Power Strip',
            use: 'Power strip with surge protection for computers, TVs and home electronics.',
            price: [15, 20],
            pre: ['6-Socket', ['8-Socket', 1.4], ['12-Socket', 2]],
          },
          {
            noun: 'Retractable Cord Reel',
            use: 'Wall-mounted retractable extension cord reel that keeps the garage cord tidy and off the floor.',
            price: [80, 100],
            pre: ['30 ft', ['50 ft', 1.35]],
          },
        ],
      },
    ],
  },
  {
    code: 'PL',
    name: 'Plumbing',
    brands: ['AquaPro', 'FlowRight', 'PureLine'],
    margin: [0.35, 0.52],
    types: [
      {
        code: 'PIP',
        name: 'Pipe & Fittings',
        items: [
          {
            noun: 'PEX Tubing',
            use: 'Flexible PEX water supply pipe for hot and cold lines that bends around corners with fewer fittings.',
            price: [7, 10],
            pre: ['1/2-in Red', '1/2-in Blue', ['3/4-in White', 1.5]],
            post: ['10 ft', ['100 ft', 6]],
          },
          {
            noun: 'Type M Copper Pipe',
            use: 'Rigid copper pipe for hot and cold water supply lines.',
            price: [16, 22],
            pre: ['1/2-in', ['3/4-in', 1.6]],
            post: ['5 ft', ['10 ft', 1.8]],
          },
          {
            noun: 'Schedule 40 PVC Pipe',
            use: 'Plastic pipe for drain, waste, vent and irrigation lines.',
            price: [10, 14],
            pre: ['1-1/2-in', ['2-in', 1.4], ['3-in', 2.3]],
            post: ['10 ft'],
          },
          {
            noun: 'Push-to-Connect Fitting',
            use: 'Push-on fitting that joins copper, PEX and CPVC pipe without soldering or tools for quick leak repairs.',
            price: [8, 11],
            pre: ['1/2-in', ['3/4-in', 1.4]],
            post: ['Coupling', 'Elbow'],
          },
        ],
      },
      {
        code: 'FAU',
        name: 'Faucets & Fixtures',
        items: [
          {
            noun: 'Pull-Down Kitchen Faucet',
            use: 'Single-handle kitchen faucet with a pull-down sprayer for rinsing dishes and filling pots.',
            price: [99, 149],
            pre: ['Stainless Steel', 'Chrome', ['Matte Black', 1.2]],
          },
          {
            noun: 'Bathroom Sink Faucet',
            use: 'Bathroom faucet that fits standard vanity basins and comes with a matching pop-up stopper.',
            price: [45, 70],
            pre: ['4-in Centerset', ['Single-Hole', 1.2]],
            post: ['Chrome', ['Brushed Nickel', 1.15]],
          },
          {
            noun: 'Multi-Function Shower Head',
            use: 'Adjustable shower head with several spray settings and a water-saving flow rate.',
            price: [25, 40],
            pre: ['Fixed', ['Handheld', 1.5], ['Rain', 1.8]],
            post: ['Chrome', ['Brushed Nickel', 1.15]],
          },
          {
            noun: 'Faucet Repair Kit',
            use: 'Washers, O-rings and cartridge parts to fix a leaky, dripping faucet.',
            price: [6, 9],
            pre: ['Universal', ['Single-Handle Cartridge', 2.4]],
          },
        ],
      },
      {
        code: 'VLV',
        name: 'Valves',
        items: [
          {
            noun: 'Quarter-Turn Ball Valve',
            use: 'Brass ball valve that shuts off the water supply quickly with a quarter turn.',
            price: [11, 15],
            pre: ['1/2-in', ['3/4-in', 1.4], ['1-in', 2]],
            post: ['Sweat', 'Threaded'],
          },
          {
            noun: 'Angle Stop Valve',
            use: 'Shut-off valve under sinks and toilets for turning off the water to one fixture during repairs.',
            price: [7, 10],
            pre: ['1/2-in x 3/8-in'],
            post: ['Compression', ['Push-to-Connect', 1.5]],
          },
          {
            noun: 'Frost-Free Sillcock',
            use: 'Frost-free outdoor faucet (hose bib) that will not freeze and burst in cold winters.',
            price: [25, 32],
            pre: ['8-in', ['12-in', 1.25]],
          },
          {
            noun: 'Pressure Reducing Valve',
            use: 'Water pressure regulator that protects pipes and appliances from high water pressure.',
            price: [65, 85],
            pre: ['3/4-in', ['1-in', 1.35]],
          },
        ],
      },
      {
        code: 'TLT',
        name: 'Toilet Parts & Repair',
        items: [
          {
            noun: 'Toilet Fill Valve',
            use: 'Toilet fill valve that stops a running toilet and refills the tank quietly.',
            price: [8, 12],
            pre: ['Universal', ['Anti-Siphon Pro', 1.4]],
          },
          {
            noun: 'Toilet Flapper',
            use: 'Replacement flapper that stops water leaking from the tank into the bowl.',
            price: [4, 6],
            pre: ['2-in', ['3-in', 1.4]],
          },
          {
            noun: 'Toilet Wax Ring',
            use: 'Wax ring seal for installing a toilet and stopping leaks at the floor.',
            price: [4, 6],
            pre: ['Standard', ['Reinforced', 1.5]],
            post: ['with Bolts'],
          },
          {
            noun: 'Slow-Close Toilet Seat',
            use: 'Toilet seat that lowers quietly and lifts off for cleaning.',
            price: [22, 30],
            pre: ['Round', ['Elongated', 1.2]],
            post: ['White', 'Biscuit'],
          },
          {
            noun: 'Complete Toilet Repair Kit',
            use: 'Fill valve, flapper and flush valve parts to fix a running or weak-flushing toilet.',
            price: [20, 26],
            pre: ['2-in', ['3-in', 1.25]],
          },
        ],
      },
      {
        code: 'DRN',
        name: 'Drain Care',
        items: [
          {
            noun: 'Hand Drain Auger',
            use: 'Hand-cranked drain snake that unclogs slow or blocked bathroom sink, tub and shower drains without chemicals.',
            price: [15, 20],
            pre: ['15 ft', ['25 ft', 1.6]],
          },
          {
            noun: 'Gel Drain Cleaner',
            use: 'Thick gel drain opener that unclogs slow sink and tub drains by dissolving hair and grease.',
            price: [6, 9],
            post: ['32 oz', ['80 oz', 1.8]],
          },
          {
            noun: 'Plunger',
            use: 'Heavy-duty plunger for unclogging toilets and drains.',
            price: [8, 12],
            pre: ['Flange Toilet', ['Sink and Tub', 0.8]],
          },
          {
            noun: 'Hair Catcher Drain Cover',
            use: 'Drain cover that catches hair in showers and tubs before it clogs the pipe.',
            price: [6, 9],
            pre: ['Silicone', ['Stainless Steel', 1.3]],
            post: ['2-Pack'],
          },
          {
            noun: 'Enzyme Drain Maintainer',
            use: 'Bacterial enzyme treatment that keeps drains and septic systems flowing freely.',
            price: [10, 14],
            post: ['32 oz', ['64 oz', 1.6]],
          },
        ],
      },
      {
        code: 'WTR',
        name: 'Water Heaters & Filtration',
        items: [
          {
            noun: 'Electric Tank Water Heater',
            use: 'Electric tank water heater that supplies a household with hot water.',
            price: [520, 620],
            pre: ['40 Gal', ['50 Gal', 1.2]],
          },
          {
            noun: 'Tankless Water Heater',
            use: 'Tankless water heater that heats water on demand and saves space.',
            price: [420, 560],
            pre: ['Electric', ['Natural Gas', 1.6]],
          },
          {
            noun: 'Under-Sink Water Filter System',
            use: 'Under-sink filter that reduces chlorine, lead and bad taste in drinking water.',
            price: [60, 80],
            pre: ['2-Stage', ['3-Stage', 1.5]],
          },
          {
            noun: 'Whole-House Water Filter',
            use: 'Whole-house filter that removes sediment and rust from all the water entering the home.',
            price: [45, 65],
            pre: ['Sediment', ['Carbon', 1.8]],
          },
          {
            noun: 'Replacement Filter Cartridges',
            use: 'Replacement cartridges for under-sink and whole-house filters, to change every six months.',
            price: [15, 22],
            post: ['2-Pack', ['4-Pack', 1.8]],
          },
        ],
      },
    ],
  },
  {
    code: 'GO',
    name: 'Garden & Outdoor',
    brands: ['GreenThumb', 'Evergrow', 'Rainier Garden'],
    margin: [0.3, 0.5],
    types: [
      {
        code: 'MOW',
        name: 'Lawn Mowers & Trimmers',
        items: [
          {
            noun: 'Cordless Lawn Mower',
            use: 'Battery-powered lawn mower for quiet, gas-free mowing of small and medium yards.',
            price: [279, 329],
            pre: ['40V 20-in', ['80V 21-in Self-Propelled', 1.8]],
          },
          {
            noun: 'Gas Lawn Mower',
            use: 'Gas lawn mower with a rear bag for larger lawns.',
            price: [299, 349],
            pre: ['21-in Push', ['21-in Self-Propelled', 1.35]],
          },
          {
            noun: 'String Trimmer',
            use: 'String trimmer (weed eater) for trimming grass along fences, walls and flower beds.',
            price: [109, 149],
            pre: ['40V Cordless', ['25cc Gas', 1.2]],
          },
          {
            noun: 'Leaf Blower',
            use: 'Leaf blower for clearing leaves, grass clippings and debris from lawns, patios and driveways.',
            price: [69, 99],
            pre: ['Corded Electric', ['40V Cordless', 1.8]],
          },
          {
            noun: 'Hedge Trimmer',
            use: 'Hedge trimmer for shaping hedges, bushes and shrubs.',
            price: [69, 89],
            pre: ['Corded 24-in', ['20V Cordless 22-in', 1.5]],
          },
        ],
      },
      {
        code: 'GHT',
        name: 'Garden Hand Tools',
        items: [
          {
            noun: 'Round-Point Shovel',
            use: 'Long-handle digging shovel for planting trees, digging holes and moving soil.',
            price: [22, 30],
            pre: ['Wood Handle', ['Fiberglass Handle', 1.35]],
          },
          {
            noun: 'Garden Trowel',
            use: 'Hand trowel for planting flowers, bulbs and vegetables in beds and containers.',
            price: [7, 10],
            pre: ['Stainless Steel', ['Ergonomic', 1.4]],
          },
          {
            noun: 'Bypass Pruning Shears',
            use: 'Bypass pruners for cutting stems and small branches cleanly on shrubs, roses and fruit trees.',
            price: [14, 20],
            pre: ['3/4-in Cut', ['1-in Cut', 1.5]],
          },
          {
            noun: 'Leaf Rake',
            use: 'Wide rake for gathering leaves and lawn debris.',
            price: [15, 20],
            pre: ['24-in Poly', ['30-in Steel Tine', 1.3]],
          },
          {
            noun: 'Steel Wheelbarrow',
            use: 'Wheelbarrow for hauling soil, mulch, gravel and yard waste.',
            price: [89, 119],
            pre: ['6 cu ft', ['8 cu ft Dual-Wheel', 1.5]],
          },
        ],
      },
      {
        code: 'HOS',
        name: 'Hoses & Watering',
        items: [
          {
            noun: 'Kink-Resistant Garden Hose',
            use: 'Garden hose for watering lawns and gardens and washing cars.',
            price: [28, 36],
            pre: ['5/8-in'],
            post: [['50 ft', 0.9], '75 ft', ['100 ft', 1.5]],
          },
          {
            noun: 'Hose Spray Nozzle',
            use: 'Multi-pattern nozzle for watering plants gently or cleaning patios with a strong jet.',
            price: [8, 12],
            pre: ['8-Pattern', ['10-Pattern', 1.4]],
          },
          {
            noun: 'Oscillating Sprinkler',
            use: 'Sprinkler that waters lawns evenly in a rectangular pattern.',
            price: [15, 22],
            pre: ['Standard', ['Heavy-Duty', 1.6]],
          },
          {
            noun: 'Drip Irrigation Kit',
            use: 'Drip kit that waters garden beds, raised beds and containers slowly at the roots to save water.',
            price: [25, 35],
            pre: ['Raised Bed', 'Container'],
            post: ['50-Piece', ['100-Piece', 1.6]],
          },
          {
            noun: 'Hose Reel Cart',
            use: 'Rolling hose reel cart that stores and moves up to 200 ft of hose.',
            price: [55, 75],
            pre: ['Poly', ['Steel', 1.4]],
          },
          {
            noun: 'Programmable Hose Timer',
            use: 'Water timer that turns sprinklers and drip systems on and off automatically.',
            price: [30, 40],
            pre: ['Single-Zone', ['Dual-Zone', 1.5]],
          },
        ],
      },
      {
        code: 'SOI',
        name: 'Soil & Fertilizer',
        items: [
          {
            noun: 'Potting Mix',
            use: 'Potting soil for container plants, herbs and houseplants that holds moisture and feeds for months.',
            price: [6, 8],
            post: ['8 qt', ['1 cu ft', 1.6], ['2 cu ft', 2.6]],
          },
          {
            noun: 'Raised Bed and Garden Soil',
            use: 'Garden soil that improves in-ground and raised vegetable and flower beds.',
            price: [6, 8],
            post: ['1 cu ft', ['2 cu ft', 1.7]],
          },
          {
            noun: 'Lawn Fertilizer',
            use: 'Lawn food that greens up grass and feeds for up to eight weeks.',
            price: [22, 30],
            pre: ['Spring', 'Fall'],
            post: ['5,000 sq ft', ['15,000 sq ft', 2.5]],
          },
          {
            noun: 'Shredded Wood Mulch',
            use: 'Mulch that holds moisture, blocks weeds and tidies garden beds.',
            price: [4, 6],
            pre: ['Red', 'Black', ['Natural Cedar', 1.2]],
            post: ['2 cu ft'],
          },
          {
            noun: 'Grass Seed Mix',
            use: 'Grass seed for new lawns and for repairing thin or bare patches.',
            price: [16, 22],
            pre: ['Sun and Shade', 'Dense Shade'],
            post: ['3 lb', ['7 lb', 2]],
          },
        ],
      },
      {
        code: 'PLN',
        name: 'Planters & Raised Beds',
        items: [
          {
            noun: 'Raised Garden Bed Kit',
            use: 'Raised bed kit for growing vegetables and herbs on patios and in backyards.',
            price: [69, 89],
            pre: ['Cedar 4 x 4 ft', ['Cedar 4 x 8 ft', 1.7], ['Galvanized Steel 2 x 6 ft', 1.2]],
          },
          {
            noun: 'Resin Planter',
            use: 'Lightweight, frost-resistant planter with drainage holes for flowers and shrubs on porches and patios.',
            price: [12, 16],
            pre: ['12-in', ['16-in', 1.6], ['20-in', 2.4]],
            post: ['Charcoal', 'Terracotta'],
          },
          {
            noun: 'Hanging Basket',
            use: 'Hanging basket with a coco liner for trailing flowers on porches and balconies.',
            price: [8, 12],
            pre: ['12-in', ['14-in', 1.3]],
          },
          {
            noun: 'Window Box Planter',
            use: 'Window box for growing flowers and herbs along railings and windowsills.',
            price: [15, 20],
            pre: ['24-in', ['36-in', 1.4]],
          },
        ],
      },
      {
        code: 'PST',
        name: 'Pest & Weed Control',
        items: [
          {
            noun: 'Weed and Grass Killer',
            use: 'Weed killer for dandelions, crabgrass and weeds in driveways, patios and walkways.',
            price: [12, 16],
            pre: ['Ready-to-Use', ['Concentrate', 1.6]],
            post: ['1 Gal', ['32 oz', 0.7]],
          },
          {
            noun: 'Insect Killer',
            use: 'Insect control for ants, aphids and beetles on lawns and around the house foundation.',
            price: [14, 20],
            pre: ['Lawn Granules', 'Perimeter Spray'],
          },
          {
            noun: 'Landscape Fabric',
            use: 'Weed barrier that blocks weeds under mulch and gravel while letting water through.',
            price: [12, 16],
            pre: ['3 x 50 ft', ['4 x 100 ft', 2.2]],
          },
          {
            noun: 'Slug and Snail Bait',
            use: 'Bait pellets that protect vegetables and flowers from slugs and snails.',
            price: [8, 11],
            post: ['1 lb', ['2.5 lb', 1.7]],
          },
          {
            noun: 'Pump Sprayer',
            use: 'Pressure sprayer for applying weed killer, insecticide and liquid fertilizer evenly.',
            price: [16, 22],
            pre: ['1 Gal', ['2 Gal', 1.4]],
          },
        ],
      },
    ],
  },
  {
    code: 'SO',
    name: 'Storage & Organization',
    brands: ['StackSmart', 'Garageworks', 'Tidyline'],
    margin: [0.35, 0.5],
    types: [
      {
        code: 'TBX',
        name: 'Tool Boxes & Chests',
        items: [
          {
            noun: 'Portable Tool Box',
            use: 'Toolbox with a removable tray for carrying hand tools and small parts to the job.',
            price: [16, 22],
            pre: ['19-in Plastic', ['22-in Metal', 1.8]],
          },
          {
            noun: 'Rolling Tool Chest',
            use: 'Rolling tool chest with ball-bearing drawers for organizing tools in the garage or workshop.',
            price: [229, 299],
            pre: ['5-Drawer', ['9-Drawer', 1.6]],
            post: ['26-in', ['41-in', 1.5]],
          },
          {
            noun: 'Small Parts Organizer',
            use: 'Organizer case with removable bins for screws, nails, bolts and small parts.',
            price: [10, 15],
            pre: ['20-Compartment', ['30-Compartment', 1.5]],
          },
          {
            noun: 'Open-Top Tool Bag',
            use: 'Tool bag with many pockets for carrying tools around the house and job site.',
            price: [22, 30],
            pre: ['16-in', ['20-in', 1.3]],
          },
        ],
      },
      {
        code: 'SHF',
        name: 'Shelving Units',
        items: [
          {
            noun: 'Steel Shelving Unit',
            use: 'Freestanding steel shelving for heavy storage in garages, basements and pantries.',
            price: [69, 89],
            pre: ['4-Shelf', ['5-Shelf', 1.2]],
            post: ['36 x 18 x 72-in', ['48 x 24 x 72-in', 1.5]],
          },
          {
            noun: 'Plastic Shelving Unit',
            use: 'Lightweight plastic shelving that assembles without tools and will not rust in damp basements.',
            price: [32, 42],
            pre: ['4-Shelf', ['5-Shelf', 1.25]],
          },
          {
            noun: 'Wire Shelving Unit',
            use: 'Wire shelving with adjustable shelves for kitchens, closets and storage rooms.',
            price: [65, 85],
            pre: ['4-Shelf', ['5-Shelf', 1.2]],
            post: ['Chrome', 'Black'],
          },
          {
            noun: 'Floating Wall Shelf',
            use: 'Wall shelf with hidden brackets for displaying books and decor.',
            price: [20, 28],
            pre: ['24-in', ['36-in', 1.4]],
            post: ['Walnut', 'White'],
          },
        ],
      },
      {
        code: 'GWS',
        name: 'Garage Wall Storage',
        items: [
          {
            noun: 'Pegboard Kit',
            use: 'Pegboard panels with hooks for organizing tools on garage and workshop walls.',
            price: [28, 36],
            pre: ['2 x 4 ft', ['4 x 4 ft', 1.7]],
            post: ['Hardboard', ['Steel', 1.6]],
          },
          {
            noun: 'Slatwall Panel',
            use: 'Slatwall panels for garage walls that hold hooks, baskets and shelves wherever you want them.',
            price: [38, 48],
            pre: ['4 x 8 ft'],
            post: ['Gray', 'White'],
          },
          {
            noun: 'Wall-Mount Bike Rack',
            use: 'Bike rack for hanging bikes on the garage wall to free up floor space.',
            price: [16, 22],
            pre: ['Single', ['2-Bike', 1.6], ['4-Bike', 2.8]],
          },
          {
            noun: 'Overhead Garage Storage Rack',
            use: 'Ceiling-mounted rack that stores bins and seasonal items above the garage door.',
            price: [109, 139],
            pre: ['4 x 4 ft', ['4 x 8 ft', 1.45]],
          },
          {
            noun: 'Tool Hanger Rail',
            use: 'Wall rail with hooks for hanging shovels, rakes, brooms and other long-handled tools.',
            price: [20, 26],
            pre: ['34-in', ['48-in', 1.4]],
          },
        ],
      },
      {
        code: 'BIN',
        name: 'Bins & Totes',
        items: [
          {
            noun: 'Storage Tote',
            use: 'Stackable storage tote with a snap lid for seasonal clothes, holiday decorations and garage items.',
            price: [9, 12],
            pre: ['18 Gal', ['27 Gal', 1.4], ['38 Gal', 1.9]],
            post: ['Black', 'Clear'],
          },
          {
            noun: 'Heavy-Duty Latching Tote',
            use: 'Rugged latching tote for moving, camping gear and garage storage.',
            price: [16, 22],
            pre: ['12 Gal', ['27 Gal', 1.5]],
          },
          {
            noun: 'Stackable Storage Bins',
            use: 'Open-front stacking bins for small parts, toys and pantry items.',
            price: [16, 22],
            pre: ['Small', ['Large', 1.7]],
            post: ['6-Pack'],
          },
          {
            noun: 'Under-Bed Storage Box',
            use: 'Low-profile storage box on wheels for clothes and bedding under the bed.',
            price: [10, 14],
            pre: ['41 Qt', ['60 Qt', 1.4]],
          },
        ],
      },
      {
        code: 'WKB',
        name: 'Workbenches',
        items: [
          {
            noun: 'Adjustable-Height Workbench',
            use: 'Sturdy workbench with adjustable height for woodworking, repairs and hobby projects in the garage.',
            price: [159, 199],
            pre: ['48-in', ['60-in', 1.3], ['72-in', 1.6]],
            post: ['Hardwood Top', ['Steel Top', 1.2]],
          },
          {
            noun: 'Folding Workbench',
            use: 'Portable folding workbench with built-in clamps for job sites and small workshops.',
            price: [55, 75],
            pre: ['Compact', ['Heavy-Duty', 1.6]],
          },
          {
            noun: 'Workbench Drawer Cabinet',
            use: 'Steel drawer cabinet that fits under a workbench for tool and parts storage.',
            price: [109, 139],
            pre: ['3-Drawer', ['5-Drawer', 1.5]],
          },
          {
            noun: 'Folding Sawhorse Pair',
            use: 'Folding sawhorses that support boards while cutting and make a quick work table.',
            price: [32, 42],
            pre: ['Plastic', ['Steel', 1.6]],
          },
        ],
      },
    ],
  },
];

/** Category and type names in catalog order (category_id = index + 1; type ids run in this order too). */
export const CATEGORIES: readonly { name: string; code: string; types: readonly { name: string; code: string }[] }[] = CATEGORY_SPECS.map((c) => ({
  name: c.name,
  code: c.code,
  types: c.types.map((t) => ({ name: t.name, code: t.code })),
}));

/** Natural-language needs and the product type a good semantic search should return first. */
export const SEARCH_PROBES: readonly { query: string; expectedType: string }[] = [
  { query: 'cordless drill for home use', expectedType: 'Drills & Drivers' },
  { query: 'waterproof outdoor electrical box', expectedType: 'Electrical Boxes' },
  { query: 'something to keep a shed door from sagging', expectedType: 'Hinges & Gate Hardware' },
  { query: '15 amp outlet', expectedType: 'Outlets & Switches' },
  { query: 'paint for the outside of my house', expectedType: 'Exterior Paint & Stain' },
  { query: 'unclog a slow bathroom sink drain', expectedType: 'Drain Care' },
  { query: 'hang a heavy mirror on drywall', expectedType: 'Wall Anchors' },
  { query: 'fix a running toilet', expectedType: 'Toilet Parts & Repair' },
  { query: 'water my vegetable garden automatically', expectedType: 'Hoses & Watering' },
  { query: 'stop drafts around windows', expectedType: 'Insulation' },
];

interface Variant {
  label: string;
  factor: number;
  detail: string | undefined;
}

function toVariant(spec: VariantSpec): Variant {
  if (typeof spec === 'string') return { label: spec, factor: 1, detail: undefined };
  return { label: spec[0], factor: spec[1] ?? 1, detail: spec[2] };
}

const NO_VARIANT: Variant = { label: '', factor: 1, detail: undefined };

/**
 * All pre x post combinations of an item, ordered so the first few already cover every pre variant
 * (diagonals of the grid): with only two or three products per item we still get variety.
 */
function combinations(item: ItemSpec): [Variant, Variant][] {
  const pre = item.pre?.map(toVariant) ?? [NO_VARIANT];
  const post = item.post?.map(toVariant) ?? [NO_VARIANT];
  const out: [Variant, Variant][] = [];
  for (let d = 0; d < post.length; d++) {
    for (let i = 0; i < pre.length; i++) {
      out.push([pre[i] as Variant, post[(i + d) % post.length] as Variant]);
    }
  }
  return out;
}

/** Shelf prices end in .99 (or .49 under $5), like a real price list. */
function shelfPrice(raw: number): number {
  if (raw < 5) return Math.max(0.49, Math.round(raw * 2) / 2 - 0.01);
  return Math.round(raw) - 0.01;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** How many products each type gets so the catalog totals exactly CATALOG_SIZE: types with more combinations get the extra ones. */
function productsPerType(): number[] {
  const types = CATEGORY_SPECS.flatMap((c) => c.types);
  const capacity = types.map((t) => t.items.reduce((n, item) => n + combinations(item).length, 0));
  const base = Math.floor(CATALOG_SIZE / types.length);
  const counts = types.map(() => base);
  let extra = CATALOG_SIZE - base * types.length;
  const byCapacity = capacity.map((c, i) => ({ c, i })).sort((a, b) => b.c - a.c || a.i - b.i);
  for (const { i } of byCapacity) {
    if (extra === 0) break;
    counts[i] = (counts[i] as number) + 1;
    extra--;
  }
  counts.forEach((n, i) => {
    if (n > (capacity[i] as number)) {
      throw new Error(`catalog: type ${types[i]?.name} has ${capacity[i]} combinations, needs ${n}`);
    }
  });
  return counts;
}

/**
 * Builds the ~400 products. Which variants appear is fixed by the catalog text; the rng picks brands, prices
 * within each item's range and margins. Products of a type cycle through its items (round robin) so the
 * searchable items listed first (cordless drill, T-hinge, 15 amp outlet, weatherproof box) are always present.
 */
export function buildCatalog(rng: Rng): CatalogProduct[] {
  const counts = productsPerType();
  const products: CatalogProduct[] = [];
  let typeIndex = 0;
  for (const category of CATEGORY_SPECS) {
    for (const type of category.types) {
      const wanted = counts[typeIndex++] as number;
      const queues = type.items.map((item) => ({ item, combos: combinations(item), next: 0 }));
      let made = 0;
      for (let round = 0; made < wanted; round++) {
        const queue = queues[round % queues.length];
        if (!queue || queue.next >= queue.combos.length) continue;
        const [pre, post] = queue.combos[queue.next++] as [Variant, Variant];
        made++;
        products.push(makeProduct(rng, category, type, queue.item, pre, post, made));
      }
    }
  }
  return products;
}

function makeProduct(
  rng: Rng,
  category: CategorySpec,
  type: TypeSpec,
  item: ItemSpec,
  pre: Variant,
  post: Variant,
  sequence: number,
): CatalogProduct {
  const brand = rng.pick(category.brands);
  const name = [brand, pre.label, item.noun].filter((s) => s.length > 0).join(' ') + (post.label ? `, ${post.label}` : '');
  const description = [item.use, pre.detail, post.detail].filter((s): s is string => s !== undefined).join(' ');
  const base_price = shelfPrice(rng.float(item.price[0], item.price[1]) * pre.factor * post.factor);
  // Keep the realised margin inside the category's range after cent rounding.
  const margin = rng.float(category.margin[0], category.margin[1]);
  const cost = Math.min(round2(base_price * (1 - margin)), round2(base_price - 0.01));
  return {
    sku: `${category.code}-${type.code}-${String(sequence).padStart(4, '0')}`,
    product_name: name,
    category: category.name,
    type: type.name,
    cost,
    base_price,
    description,
  };
}
