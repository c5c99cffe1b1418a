import PromQLTestScripts
print("promqltest")
