# HoloMat's start G-code for Bambu Lab printers. Lines starting with # are documentation and are
# dropped; $name fields are filled per printer model and nozzle (profiles.py); [name] and {expr}
# are the slicer's own placeholders (PrusaSlicer's names).
#
# Written from the conventions of Bambu Lab's own start G-code, not copied from it: the
# machine_start_gcode of bambulab/BambuStudio resources/profiles/BBL/machine/ (Bambu Lab X1 Carbon,
# P1P, A1 and A1 mini 0.4 nozzle profiles and their templates):
# - M1002 gcode_claim_action : N names the stage the printer shows (2 heating, 13 homing,
#   1 bed levelling, 0 printing);
# - homing and levelling happen with the nozzle at 140 °C ("heatbed acceptable" in Bambu's
#   comments): warm enough for any residue to give, too cool to ooze onto the plate;
# - M1002 judge_flag g29_before_print_flag + M622 J1 / M623 runs the bed levelling only when the
#   print command (MQTT project_file, bed_levelling) asked for it;
# - G29 levels only the first layer's area: X/Y = first_layer_print_min, I/J = its size;
# - M975 S1 turns vibration suppression on, M412 S1 filament runout detection;
# - the prime ("nozzle load") line is drawn along the plate's front edge.
# What is left out on purpose: the machine-specific moves outside the plate (purge chute, nozzle
# wiper, steel-edge homing), the AMS filament switch (M620/M621: the print uses the loaded
# filament), the lidar and flow calibrations, the motor current and sound commands. The prime
# line is kept inside the plate, in a strip placement.py keeps the model out of.
;===== HoloMat start G-code: $printer_name, $nozzle mm nozzle =====
M1002 gcode_claim_action : 2 ; stage: heating
M140 S[first_layer_bed_temperature] ; heat the bed
M104 S140 ; nozzle to 140 °C for homing and levelling
G90 ; absolute positions
M83 ; relative extrusion
M220 S100 ; speed factor 100 %
M221 S100 ; flow factor 100 %
M190 S[first_layer_bed_temperature] ; wait for the bed
M109 S140 ; wait for the nozzle at 140 °C
M1002 gcode_claim_action : 13 ; stage: homing
G28 ; home all axes
M1002 judge_flag g29_before_print_flag ; did the print command ask for bed levelling?
M622 J1
    M1002 gcode_claim_action : 1 ; stage: bed levelling
    $g29 X{first_layer_print_min[0]} Y{first_layer_print_min[1]} I{first_layer_print_size[0]} J{first_layer_print_size[1]} ; level the first layer's area
    M400
    M500 ; keep the levelling data
M623
M975 S1 ; vibration suppression on
M412 S1 ; filament runout detection on
M1002 gcode_claim_action : 2 ; stage: heating
G1 X$prime_x0 Y$prime_y0 Z5 F12000 ; above the prime line's start
M109 S[first_layer_temperature] ; wait for the printing temperature
G1 Z$prime_z F600
G1 X$prime_x1 E$prime_e0 F$prime_feed ; prime line, first pass
G1 Y$prime_y1 F600
G1 X$prime_x2 E$prime_e1 F$prime_feed ; prime line, second pass
G1 Z1 F600 ; lift off the line
M1002 gcode_claim_action : 0 ; stage: printing
;===== HoloMat start G-code end =====
