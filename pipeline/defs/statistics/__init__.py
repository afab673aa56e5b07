"""Official statistics behind the vision: `statistics/<dataset_id>` assets and the sensor
that notices new e-Stat releases of them."""
